package io.moderationstream.fairness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.moderationstream.avro.Decision;
import io.moderationstream.avro.FairnessStats;
import io.moderationstream.avro.Reason;
import io.moderationstream.avro.Verdict;
import io.moderationstream.config.JobConfig;
import io.moderationstream.fairness.report.FairnessReport;
import io.moderationstream.io.AvroJson;
import io.moderationstream.scoring.ScorerResults;
import io.moderationstream.verdict.ReasonCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

public class FairnessReportTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static Verdict verdict(int i, boolean flagged, Map<String, String> groups) {
        List<Reason> reasons = flagged
                ? List.of(Reason.newBuilder().setCode(io.moderationstream.scoring.toxicity.ToxicityPlugin.Reason.TOXICITY_REVIEW.name()).setScorer("toxicity").setText("t").build())
                : List.of();
        return Verdict.newBuilder().setEventId("e" + i).setTenantId(i % 3 == 0 ? "t2" : "t1").setModelId("m")
                .setCreatedAt(Instant.ofEpochMilli(i * 60_000L)).setDecision(flagged ? Decision.REVIEW : Decision.ALLOW)
                .setReasons(reasons)
                .setToxicity(ScorerResults.ok("toxicity", Map.of("toxicity", 0.3), List.of()))
                .setCitations(ScorerResults.skipped("citations", "none"))
                .setWatermark(ScorerResults.skipped("watermark", "none"))
                .setPolicyVersion("v1").setGroups(groups).setIngestedAt(Instant.EPOCH).setProcessedAt(Instant.EPOCH).build();
    }

    /** 200 verdicts, one a minute; aae: 40 % flagged, all wrongly; sae: 5 % flagged; every label non-toxic. */
    static Path[] files(Path dir) throws Exception {
        List<String> verdicts = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            boolean aae = i % 2 == 0;
            boolean flagged = aae ? i % 10 < 4 : i % 20 == 1;
            verdicts.add(AvroJson.toJsonLine(verdict(i, flagged, Map.of("dialect", aae ? "aae" : "sae", "gender", i % 4 < 2 ? "f" : "m"))));
            labels.add("{\"event_id\":\"e" + i + "\",\"labels\":{\"toxic\":false}}");
        }
        return new Path[] {Files.write(dir.resolve("verdicts.jsonl"), verdicts), Files.write(dir.resolve("labels.jsonl"), labels)};
    }

    static JobConfig.FairnessConfig config() {
        JobConfig.FairnessConfig f = new JobConfig.FairnessConfig();
        f.windowSize = Duration.ofHours(1);
        f.minSample = 30;
        return f;
    }

    @Test
    void recomputesGroupRatesFromVerdictFilesAndRendersSelfContainedHtml(@TempDir Path dir) throws Exception {
        Path[] in = files(dir);
        FairnessReport report = new FairnessReport(config());
        FairnessReport.Computed c = report.compute(in[0], in[1]);
        var dialect = c.totals().get(new FairnessReport.Section("dialect", "", ""));
        var aae = dialect.stream().filter(s -> s.getGroup().equals("aae")).findFirst().orElseThrow();
        assertThat(aae.getCount()).isEqualTo(100);
        assertThat(aae.getFlagged()).isEqualTo(40);
        assertThat(aae.getToxicFlagged()).isEqualTo(40);
        assertThat(aae.getFp()).isEqualTo(40);
        assertThat(aae.getFpr()).isEqualTo(0.4);
        assertThat(aae.getDisparity()).isTrue();
        assertThat(c.windows().get(new FairnessReport.Section("dialect", "", ""))).hasSize(4);

        // The worst slice of the whole input, on FPR since labels are there: the aae dialect, significant.
        assertThat(c.worstSlices()).isNotEmpty();
        assertThat(c.worstSlices().get(0).slice().asMap()).isEqualTo(Map.of("dialect", "aae"));
        assertThat(c.worstSlices().get(0).significant()).isTrue();

        String html = report.render(c, "test");
        assertThat(html).contains("<h2>Worst slices</h2>").contains("dialect=aae");
        // Self-contained: the chart library is inlined, nothing is fetched (FairnessReportBrowserIT renders it).
        assertThat(html).startsWith("<!DOCTYPE html>").contains("data-chart=").contains("echarts").contains("disparity").contains("aae")
                .doesNotContain("src=\"http").doesNotContain("src='http").doesNotContain("<link ");
    }

    @Test
    void submittedSlicesAreEvaluatedOverTheWholeInputAndShown(@TempDir Path dir) throws Exception {
        Path[] in = files(dir);
        Path slices = Files.write(dir.resolve("slices.jsonl"), List.of(
                "{\"slice_id\":\"aae-f\",\"submitted_by\":\"bounty-9\",\"predicate\":[{\"field\":\"groups.dialect\",\"values\":[\"aae\"]},"
                        + "{\"field\":\"groups.gender\",\"values\":[\"f\"]}],\"metrics\":[\"FPR\"],\"min_sample\":20}",
                "{\"slice_id\":\"t2\",\"submitted_by\":\"auditor\",\"predicate\":[{\"field\":\"tenant_id\",\"values\":[\"t2\"]}],"
                        + "\"metrics\":[\"FLAG_RATE\"],\"min_sample\":20}"));
        FairnessReport report = new FairnessReport(config());
        FairnessReport.Computed c = report.compute(in[0], in[1],
                io.moderationstream.fairness.slices.SliceDefinitions.read(slices, Instant.EPOCH));
        var aaeF = c.submittedSlices().stream().filter(r -> r.getSliceId().equals("aae-f")).findFirst().orElseThrow();
        assertThat(aaeF.getCount()).isEqualTo(50);                  // every 4th verdict is aae (even) and f (i % 4 < 2)
        assertThat(aaeF.getValue()).isEqualTo(0.4);
        assertThat(aaeF.getStatus()).isEqualTo(io.moderationstream.avro.SliceStatus.DISPARITY);
        assertThat(c.submittedSlices()).filteredOn(r -> r.getSliceId().equals("t2")).singleElement()
                .satisfies(r -> assertThat(r.getCount()).isEqualTo(67));
        // Its best-treated group: a value of dialect or gender, with a lower FPR than the slice's.
        assertThat(aaeF.getBestGroup().getField()).isIn("groups.dialect", "groups.gender");
        assertThat(aaeF.getBestGroup().getRate()).isLessThan(0.4);
        assertThat(report.render(c, "test")).contains("<h2>Submitted slices</h2>").contains("bounty-9")
                .contains("<th>best-treated group</th>").contains(aaeF.getBestGroup().getField() + "=" + aaeF.getBestGroup().getValue());
    }

    @Test
    void usesTheStreamsDimensionsIntersectionsTenantsAndSlidingWindows(@TempDir Path dir) throws Exception {
        Path[] in = files(dir);
        JobConfig.FairnessConfig f = config();
        f.windowSlide = Duration.ofMinutes(30);
        f.dimensions = List.of("dialect");
        f.intersections = List.of(List.of("dialect", "gender"));
        f.perTenant = true;
        FairnessReport.Computed c = new FairnessReport(f).compute(in[0], in[1]);

        assertThat(c.totals().keySet()).extracting(FairnessReport.Section::dimension).containsOnly("dialect", "dialect&gender");
        assertThat(c.totals().keySet()).extracting(FairnessReport.Section::tenantId).containsOnly("t1", "t2");
        // 200 minutes in 1 h windows sliding every 30 min: each minute is in two windows, 8 windows in all.
        var windows = c.windows().get(new FairnessReport.Section("dialect", "t1", ""));
        // The first window starts half an hour before the first verdict; the last ends half an hour after the last.
        assertThat(windows).hasSize(8);
        long counted = windows.values().stream().flatMap(List::stream).mapToLong(FairnessStats::getCount).sum();
        long t1 = 200 - 67; // every third verdict is t2's
        assertThat(counted).isEqualTo(2 * t1);
        assertThat(c.windowRows()).anySatisfy(r -> assertThat(r.getGroup()).isEqualTo("aae&f"));
    }

    @Test
    void jsonLinesCarryTheFairnessStatsFieldNames(@TempDir Path dir) throws Exception {
        Path[] in = files(dir);
        FairnessReport report = new FairnessReport(config());
        String lines = report.renderJsonLines(report.compute(in[0], in[1]));
        List<String> fields = FairnessStats.getClassSchema().getFields().stream().map(org.apache.avro.Schema.Field::name).toList();
        List<String> rows = lines.lines().toList();
        assertThat(rows).hasSize(4 * 4); // 4 windows × (2 dialects + 2 genders)
        for (String row : rows) {
            JsonNode node = JSON.readTree(row);
            assertThat(node.fieldNames()).toIterable().containsExactlyElementsOf(fields);
            // Readable back as the stream's own record type.
            assertThat(AvroJson.fromJson(node, FairnessStats.class).getDimension()).isIn("dialect", "gender");
        }
    }

    /**
     * Cross-signal rates: group "a" cites in every other text and half of those citations are fabricated; group "b"
     * cites in every text and never fabricates. Watermark rates count only texts the test could score; a degraded
     * verdict counts against its group's degraded rate.
     */
    @Test
    void crossSignalRatesUseTheirOwnDenominators(@TempDir Path dir) throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            boolean a = i % 2 == 0;
            Verdict.Builder v = Verdict.newBuilder(verdict(i, false, Map.of("model_family", a ? "a" : "b")));
            List<Reason> reasons = new ArrayList<>();
            boolean cites = !a || i % 4 == 0;
            boolean fabricated = a && i % 8 == 0;
            v.setCitations(cites ? ScorerResults.ok("citations", Map.of("fabricated_citation", fabricated ? 0.9 : 0.0), List.of())
                    : ScorerResults.skipped("citations", "no references in the text"));
            if (fabricated) {
                reasons.add(Reason.newBuilder().setCode(io.moderationstream.scoring.citations.CitationsPlugin.Reason.FABRICATED_CITATION.name()).setScorer("citations").setText("f").build());
            }
            boolean scored = i % 5 != 0;
            v.setWatermark(scored ? ScorerResults.ok("watermark", Map.of("detected", i % 10 == 1 ? 1.0 : 0.0), List.of())
                    : ScorerResults.skipped("watermark", "too few tokens"));
            if (scored && i % 10 == 1) {
                reasons.add(Reason.newBuilder().setCode(io.moderationstream.scoring.watermark.WatermarkPlugin.Reason.WATERMARK_DETECTED.name()).setScorer("watermark").setText("w").build());
            }
            if (i % 20 == 3) {
                v.setToxicity(ScorerResults.degraded("toxicity", "merge timeout"));
                reasons.add(Reason.newBuilder().setCode(ReasonCode.SCORER_DEGRADED.name()).setScorer("toxicity").setText("d").build());
            }
            lines.add(AvroJson.toJsonLine(v.setReasons(reasons).build()));
        }
        Path file = Files.write(dir.resolve("verdicts.jsonl"), lines);
        JobConfig.FairnessConfig f = config();
        f.minSample = 5;
        var rows = new FairnessReport(f).compute(file, null).totals().get(new FairnessReport.Section("model_family", "", ""));
        FairnessStats a = rows.stream().filter(r -> r.getGroup().equals("a")).findFirst().orElseThrow();
        FairnessStats b = rows.stream().filter(r -> r.getGroup().equals("b")).findFirst().orElseThrow();
        assertThat(a.getCiting()).isEqualTo(10);
        assertThat(a.getCitationFlagged()).isEqualTo(5);
        assertThat(a.getFabricatedCitationRate()).isEqualTo(0.5);
        assertThat(b.getCiting()).isEqualTo(20);
        assertThat(b.getFabricatedCitationRate()).isEqualTo(0.0);
        assertThat(b.getWatermarkScored()).isEqualTo(16); // i % 5 == 0 skipped: 4 of b's 20
        assertThat(b.getWatermarkFlagged()).isEqualTo(4);  // i % 10 == 1, all odd, all scored
        assertThat(b.getWatermarkRate()).isEqualTo(0.25);
        assertThat(a.getWatermarkRate()).isEqualTo(0.0);
        assertThat(b.getDegraded()).isEqualTo(2);          // i = 3, 23
        assertThat(b.getDegradedRate()).isEqualTo(0.1);
        assertThat(a.getDegradedRate()).isEqualTo(0.0);
    }

    @Test
    void aLineThatIsNotAVerdictIsReportedWithItsNumber(@TempDir Path dir) throws Exception {
        Path v = Files.write(dir.resolve("verdicts.jsonl"), List.of(AvroJson.toJsonLine(verdict(1, false, Map.of("g", "a"))),
                "{\"event_id\":\"x\",\"decision\":\"MAYBE\"}"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new FairnessReport(config()).compute(v, null))
                .hasMessageContaining("line 2");
    }
}
