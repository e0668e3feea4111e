package io.moderationstream.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.moderationstream.config.ConfigException;
import io.moderationstream.config.ConfigLoader;

import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Map;

/**
 * The config loader on arbitrary YAML and --set overrides: a valid config or a {@link ConfigException} (what the CLI
 * turns into one line and exit code 2), never another exception.
 */
class ConfigFuzzTest {
    @FuzzTest(maxDuration = "30s")
    void loadConfig(FuzzedDataProvider data) throws Exception {
        String override = data.consumeString(200);
        byte[] yaml = data.consumeRemainingAsBytes();
        try {
            new ConfigLoader(Map.of("SET", "value")).load(new ByteArrayInputStream(yaml),
                    override.isEmpty() ? List.of() : List.of(override), "fuzz.yaml");
        } catch (ConfigException expected) {
            // the documented outcome of a bad config
        }
    }
}
