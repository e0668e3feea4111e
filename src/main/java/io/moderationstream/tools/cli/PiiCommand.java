package io.moderationstream.tools.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.moderationstream.scoring.ScorerRegistry;
import io.moderationstream.scoring.pii.Masking;
import io.moderationstream.scoring.pii.PiiDetector;
import io.moderationstream.scoring.pii.PiiEntity;
import io.moderationstream.scoring.pii.PiiScorerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** Privacy tools on files. */
@Command(name = "pii", mixinStandardHelpOptions = true, description = "Personal data and secrets in text.",
        subcommands = {PiiCommand.Scan.class})
public class PiiCommand {

    /** The detector the job would run, from the config's {@code scorers.pii.options} (the embedded defaults without one). */
    static PiiDetector detector(ConfigOptions options) throws Exception {
        return new PiiDetector(ScorerRegistry.get().options(options.load("/jobs/embedded.yaml", List.of()), PiiScorerConfig.class));
    }

    @Command(name = "scan", mixinStandardHelpOptions = true,
            description = "JSON lines with a \"text\" field in; one JSON line out per input line, in order: "
                    + "{\"entities\": [{\"type\", \"begin\", \"end\", \"score\"}], \"redacted\": \"...\"}, offsets in UTF-16 code units "
                    + "of text, end exclusive. Shows values to the file's owner (the job never does). Exit 1 if a line was unreadable.")
    static class Scan implements Callable<Integer> {
        @Option(names = "--input", description = "JSON-lines file (default: standard input).")
        Path input;

        @Option(names = "--tenant", description = "Apply this tenant's allow-list.")
        String tenant;

        @Mixin
        ConfigOptions config;

        @Override
        public Integer call() throws Exception {
            PiiDetector detector = detector(config);
            int failed = JsonLines.map(input, System.out, json -> {
                String text = JsonLines.requiredText(json);
                List<PiiEntity> entities = detector.detect(text, tenant);
                ObjectNode out = JsonLines.MAPPER.createObjectNode();
                ArrayNode array = out.putArray("entities");
                for (PiiEntity e : entities) {
                    array.addObject().put("type", e.type().name()).put("begin", e.begin()).put("end", e.end())
                            .put("score", Math.round(e.score() * 1000) / 1000.0);
                }
                return out.put("redacted", Masking.redact(text, entities));
            });
            return JsonLines.exitCode(failed, "pii scan");
        }

    }
}
