package io.moderationstream.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code target/moderation-stream.jar}. */
@Command(name = "moderation-stream", mixinStandardHelpOptions = true, version = "moderation-stream 0.1.0",
        description = "Real-time moderation of generative-AI output on Apache Flink.",
        subcommands = {RunCommand.class, DemoCommand.class, ReplayCommand.class, WatermarkCommand.class, ToxicityCommand.class,
                CitationsCommand.class,
                EvaluateCommand.class, FairnessCommand.class, SamplesCommand.class, BenchCommand.class,
                CommandLine.HelpCommand.class})
public final class Main {
    public static void main(String[] args) {
        // DJL and friends must never reach for a model hub at run time.
        System.setProperty("ai.djl.offline", "true");
        int code = new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
        System.exit(code);
    }
}
