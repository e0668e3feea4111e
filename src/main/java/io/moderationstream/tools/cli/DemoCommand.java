package io.moderationstream.tools.cli;

import io.moderationstream.avro.Decision;
import io.moderationstream.avro.DeadLetter;
import io.moderationstream.avro.FairnessStats;
import io.moderationstream.avro.Verdict;
import io.moderationstream.config.JobConfig;
import io.moderationstream.tools.embedded.CitationIndexes;
import io.moderationstream.tools.embedded.ProtectedIndexes;
import io.moderationstream.tools.embedded.DemoStream;
import io.moderationstream.io.TopicIO;
import io.moderationstream.io.WireFormat;
import io.moderationstream.tools.embedded.EmbeddedRegistry;
import io.moderationstream.tools.embedded.EmbeddedRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** The embedded default: real broker, sample stream, local Flink, readable summary. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start an embedded Kafka broker, replay a sample stream through the job on a local Flink cluster, "
                + "print the verdicts and the fairness table, and exit.")
public class DemoCommand implements Callable<Integer> {
    @Option(names = "--events-per-source", defaultValue = "60", description = "Sample size per data source (default: ${DEFAULT-VALUE}).")
    int perSource;

    @Option(names = "--registry", description = "Also start Apicurio Registry (a child JVM on Java 21+) and write every output "
            + "topic registry-framed (serialization.format registry), subjects <topic>-value.")
    boolean registry;

    @Mixin
    ConfigOptions config;

    @Mixin
    EmbeddedOptions embedded;

    @Override
    public Integer call() throws Exception {
        long start = System.currentTimeMillis();
        JobConfig jobConfig = config.load("/jobs/embedded.yaml", List.of());
        CitationIndexes.ensure(jobConfig);
        ProtectedIndexes.ensure(jobConfig);
        DemoStream.Sample sample = DemoStream.build(perSource);
        System.out.printf("demo: %d events and %d labels from %s%n", sample.events().size(), sample.labels().size(), sample.source());
        try (EmbeddedRegistry schemas = registry ? EmbeddedRegistry.start() : null) {
            if (schemas != null) {
                jobConfig.serialization.format = WireFormat.REGISTRY;
                jobConfig.serialization.registryUrl = schemas.url();
                System.out.printf("demo: schema registry at %s (Confluent-compatible API: %s)%n", schemas.url(), schemas.confluentUrl());
            }
            EmbeddedRun.Result r = EmbeddedRun.run(jobConfig, sample.events(), sample.labels(), embedded.parallelism);
            TopicIO.requireAllWritten(jobConfig.topics.events, r.eventsSent());
            TopicIO.requireAllWritten(jobConfig.topics.labels, r.labelsSent());
            printSummary(r);
            if (schemas != null) {
                System.out.printf("%n== schema registry subjects (BACKWARD): %s%n", schemas.subjects());
            }
            System.out.printf("%ndemo finished in %.1f s (job %.1f s)%n", (System.currentTimeMillis() - start) / 1000.0, r.jobMillis() / 1000.0);
        }
        return 0;
    }

    static void printSummary(EmbeddedRun.Result r) {
        Map<Decision, Integer> counts = new EnumMap<>(Decision.class);
        r.verdicts().forEach(v -> counts.merge(v.getDecision(), 1, Integer::sum));
        System.out.printf("%n== verdicts: %d  (ALLOW %d, REVIEW %d, BLOCK %d)   dead letters: %d   alerts: %d%n",
                r.verdicts().size(), counts.getOrDefault(Decision.ALLOW, 0), counts.getOrDefault(Decision.REVIEW, 0),
                counts.getOrDefault(Decision.BLOCK, 0), r.deadLetters().size(), r.alerts().size());
        Map<String, Integer> reasons = new java.util.TreeMap<>();
        r.verdicts().forEach(v -> v.getReasons().forEach(reason -> reasons.merge(reason.getCode(), 1, Integer::sum)));
        System.out.println("   reasons: " + reasons);
        System.out.println("\n== example verdicts (two per reason)");
        Map<String, Integer> shown = new java.util.HashMap<>();
        r.verdicts().stream()
                .filter(v -> v.getDecision() != Decision.ALLOW)
                .sorted(Comparator.comparing(Verdict::getEventId))
                .filter(v -> shown.merge(v.getReasons().get(0).getCode(), 1, Integer::sum) <= 2)
                .forEach(DemoCommand::printVerdict);
        r.verdicts().stream().filter(v -> v.getDecision() == Decision.ALLOW).limit(2).forEach(DemoCommand::printVerdict);
        System.out.println("\n== dead letters");
        for (DeadLetter d : r.deadLetters()) {
            System.out.printf("  %s@%d:%d  %-16s %s%n", d.getSourceTopic(), d.getPartition(), d.getOffset(), d.getErrorCode(),
                    abbreviate(d.getReason(), 90));
        }
        System.out.println("\n== fairness (per window and group; latest revision)");
        System.out.printf("  %-10s %-22s %6s %8s %9s %6s %6s %9s %s%n", "dimension", "group", "count", "flagged", "flag_rate",
                "fpr", "ratio", "reference", "notes");
        r.fairness().stream()
                .sorted(Comparator.comparing(FairnessStats::getDimension).thenComparing(FairnessStats::getGroup)
                        .thenComparing(FairnessStats::getWindowStart))
                .filter(s -> isLatestRevision(s, r.fairness()))
                .limit(40)
                .forEach(s -> System.out.printf(Locale.ROOT, "  %-10s %-22s %6d %8d %9.3f %6s %6s %9s %s%n",
                        s.getDimension(), abbreviate(s.getGroup(), 22), s.getCount(), s.getFlagged(), s.getFlagRate(),
                        s.getFpr() == null ? "-" : String.format(Locale.ROOT, "%.3f", s.getFpr()),
                        s.getPassRateRatio() == null ? "-" : String.format(Locale.ROOT, "%.2f", s.getPassRateRatio()),
                        s.getReferenceGroup() == null ? "-" : abbreviate(s.getReferenceGroup(), 9),
                        (s.getBelowMinSample() ? "below min sample " : "") + (s.getDisparity() ? "DISPARITY" : "")));
        r.alerts().forEach(a -> System.out.println("  ALERT " + a.getState() + " " + a.getMessage()));
    }

    private static boolean isLatestRevision(FairnessStats s, List<FairnessStats> all) {
        return all.stream().noneMatch(o -> o.getDimension().equals(s.getDimension()) && o.getGroup().equals(s.getGroup())
                && o.getWindowStart().equals(s.getWindowStart()) && o.getRevision() > s.getRevision());
    }

    private static void printVerdict(Verdict v) {
        var pii = v.getResults().get(io.moderationstream.scoring.pii.PiiPlugin.ID);
        var copied = v.getResults().get(io.moderationstream.scoring.protected_material.ProtectedMaterialPlugin.ID);
        System.out.printf(Locale.ROOT, "  %-10s %-7s tox=%s cit=%s wm=%s pii=%s copied=%s%n", v.getEventId(), v.getDecision(),
                score(v.getToxicity().getScores().get("toxicity")), score(v.getCitations().getScores().get("fabricated_citation")),
                score(v.getWatermark().getScores().get("z_score")),
                pii == null ? "-" : pii.getEvidence().stream().map(e -> e.getAttributes().get("type")).toList(),
                copied == null ? "-" : score(copied.getScores().get("coverage")));
        v.getReasons().forEach(reason -> System.out.printf("             - %s: %s%n", reason.getCode(), abbreviate(reason.getText(), 100)));
    }

    private static String score(Double d) {
        return d == null ? "-" : String.format(Locale.ROOT, "%.2f", d);
    }

    private static String abbreviate(String s, int max) {
        return s == null ? "" : s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
