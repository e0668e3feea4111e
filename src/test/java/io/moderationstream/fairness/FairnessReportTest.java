package io.moderationstream.fairness;

import io.moderationstream.fairness.report.FairnessReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FairnessReportTest {
    @Test
    void recomputesGroupRatesFromVerdictFilesAndRendersSelfContainedHtml(@TempDir Path dir) throws Exception {
        List<String> verdicts = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            boolean aae = i % 2 == 0;
            // aae: 40 % flagged, all wrongly; sae: 5 % flagged.
            boolean flagged = aae ? i % 10 < 4 : i % 20 == 1;
            verdicts.add("{\"event_id\":\"e" + i + "\",\"created_at\":" + (i * 60_000L) + ",\"decision\":\"" + (flagged ? "REVIEW" : "ALLOW")
                    + "\",\"reasons\":[],\"toxicity\":{\"scores\":{\"toxicity\":0.3}},\"groups\":{\"dialect\":\"" + (aae ? "aae" : "sae") + "\"}}");
            labels.add("{\"event_id\":\"e" + i + "\",\"labels\":{\"toxic\":false}}");
        }
        Path v = Files.write(dir.resolve("verdicts.jsonl"), verdicts);
        Path l = Files.write(dir.resolve("labels.jsonl"), labels);
        FairnessReport report = new FairnessReport(3_600_000, 30, 0.8, 1.96);
        FairnessReport.Computed c = report.compute(v, l);
        var dialect = c.totals().get("dialect");
        var aae = dialect.stream().filter(s -> s.getGroup().equals("aae")).findFirst().orElseThrow();
        assertThat(aae.getCount()).isEqualTo(100);
        assertThat(aae.getFlagged()).isEqualTo(40);
        assertThat(aae.getFp()).isEqualTo(40);
        assertThat(aae.getFpr()).isEqualTo(0.4);
        assertThat(aae.getDisparity()).isTrue();
        assertThat(c.windows().get("dialect")).hasSize(4);

        String html = report.render(c, "test");
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<svg").contains("disparity").contains("aae")
                .doesNotContain("<script").doesNotContain("http://").doesNotContain("https://");
    }
}
