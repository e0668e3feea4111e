package io.moderationstream.fairness;

import io.moderationstream.fairness.report.FairnessReport;
import io.moderationstream.io.AvroJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit report in a real headless browser (Debian's chromium; .ci/run installs it, CHROMIUM overrides the path):
 * every chart rendered (an ECharts SVG in each chart element), no script error, no console error, nothing fetched.
 */
class FairnessReportBrowserIT {
    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));

    @Test
    @Timeout(180)
    void everyChartRendersWithoutAnErrorInHeadlessChromium(@TempDir Path dir) throws Exception {
        assertThat(Files.isExecutable(CHROMIUM)).as("a headless browser at " + CHROMIUM
                + ": apt-get install chromium (what .ci/run does) or set CHROMIUM").isTrue();
        // 16 groups (colours past ten), 6 windows (a time axis), a disparity, worst slices.
        List<String> verdicts = new ArrayList<>();
        for (int i = 0; i < 1600; i++) {
            int group = i % 16;
            boolean flagged = group == 3 ? i % 5 < 2 : i % 23 == 0;
            verdicts.add(AvroJson.toJsonLine(FairnessReportTest.verdict(i / 4, flagged,
                    Map.of("occupation", "occupation " + group, "gender", i % 2 == 0 ? "f" : "m"))));
        }
        Path input = Files.write(dir.resolve("verdicts.jsonl"), verdicts);
        FairnessReport report = new FairnessReport(FairnessReportTest.config());
        String html = report.render(report.compute(input, null), input.toString());
        Path page = Files.writeString(dir.resolve("report.html"), html);
        int charts = count(html, "class=\"chart\"");
        assertThat(charts).isGreaterThanOrEqualTo(5);

        Browser run = chromium(dir, "--dump-dom", page.toUri().toString());
        String dom = run.stdout();
        assertThat(attribute(dom, "data-chart-errors")).as(run.stderr()).isEmpty();
        assertThat(attribute(dom, "data-charts-rendered")).isEqualTo(Integer.toString(charts));
        // Each chart element holds the SVG that ECharts drew into it.
        Matcher chart = Pattern.compile("<div class=\"chart\" id=\"(chart-\\d+)\"[^>]*>(.*?)</div>\\s*(<p|<h2|<table|<script)", Pattern.DOTALL).matcher(dom);
        int drawn = 0;
        while (chart.find()) {
            assertThat(chart.group(2)).as(chart.group(1)).contains("<svg");
            drawn++;
        }
        assertThat(drawn).isEqualTo(charts);
        assertThat(run.stderr()).as("console errors").doesNotContain("Uncaught").doesNotContain(":ERROR:CONSOLE");

        Path screenshot = dir.resolve("report.png");
        chromium(dir, "--window-size=1200,1600", "--screenshot=" + screenshot, page.toUri().toString());
        assertThat(Files.size(screenshot)).isGreaterThan(20_000);
    }

    private record Browser(String stdout, String stderr) {}

    private static Browser chromium(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + Files.createTempDirectory(dir, "profile"), "--virtual-time-budget=10000",
                "--enable-logging=stderr", "--v=0"));
        command.addAll(List.of(args));
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("chromium finished").isTrue();
        return new Browser(Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    private static String attribute(String dom, String name) {
        Matcher m = Pattern.compile(name + "=\"([^\"]*)\"").matcher(dom);
        assertThat(m.find()).as(name + " set by the report's script").isTrue();
        return m.group(1);
    }

    private static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
