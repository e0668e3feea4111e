package io.moderationstream.tools.cli;

import picocli.CommandLine.Option;

/** Options of the commands that run the job on the embedded broker and a local mini cluster. */
public class EmbeddedOptions {
    @Option(names = "--parallelism", defaultValue = "2", description = "Default parallelism of the local job (default: ${DEFAULT-VALUE}).")
    int parallelism;
}
