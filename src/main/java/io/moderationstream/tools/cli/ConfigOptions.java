package io.moderationstream.tools.cli;

import io.moderationstream.config.ConfigLoader;
import io.moderationstream.config.JobConfig;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code --config FILE} and repeatable {@code --set path.to.key=value} overrides, shared by the job commands. */
public class ConfigOptions {
    @Option(names = {"-c", "--config"}, description = "Job configuration (YAML), e.g. jobs/local.yaml.")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override a config value by its YAML path, e.g. --set scorers.toxicity.parallelism=2. Repeatable.")
    List<String> overrides = new ArrayList<>();

    /** The file's config, or {@code fallback} (a classpath resource) when no file is given. */
    JobConfig load(String fallbackResource, List<String> extraOverrides) throws Exception {
        List<String> all = new ArrayList<>(extraOverrides);
        all.addAll(overrides);
        ConfigLoader loader = new ConfigLoader();
        if (config != null) {
            return loader.load(config, all);
        }
        try (var in = ConfigOptions.class.getResourceAsStream(fallbackResource)) {
            if (in == null) {
                throw new IllegalStateException(fallbackResource + " missing from the jar");
            }
            return loader.load(in, all);
        }
    }
}
