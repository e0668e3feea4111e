package io.moderationstream.tools.cli;

import io.moderationstream.testing.CliRuns;
import io.moderationstream.testing.CliRuns.Outcome;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Ordinary mistakes get one line that says what to fix, and exit code 2; no stack trace unless --verbose. */
class CommandLineErrorsTest {
    @Test
    void missingInputFileIsOneLine() {
        Outcome o = CliRuns.run("replay", "--input", "/nonexistent/events.jsonl", "--output-dir", "target/never");
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.lines()).isEqualTo(1);
        assertThat(o.err()).contains("no such file: /nonexistent/events.jsonl");
    }

    @Test
    void unknownSetKeyNamesTheNearestKey() {
        Outcome o = CliRuns.run("replay", "--input", "src/main/resources/demo/sample-events.jsonl", "--output-dir", "target/never",
                "--set", "merge.timout=5s");
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.lines()).isEqualTo(1);
        assertThat(o.err()).contains("unknown key 'merge.timout'; did you mean 'timeout'?");
    }

    @Test
    void missingConfigFileSaysWhereConfigsLive() {
        Outcome o = CliRuns.run("run", "--config", "jobs/nope.yaml");
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.lines()).isEqualTo(1);
        assertThat(o.err()).contains("jobs/nope.yaml does not exist");
    }

    @Test
    void unknownEngineIsOneLineWithTheNearestName() {
        Outcome o = CliRuns.run("toxicity", "score", "--engine", "finetune", "--input", "src/main/resources/demo/sample-events.jsonl");
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.lines()).isEqualTo(1);
        assertThat(o.err()).contains("did you mean finetuned?");
    }

    @Test
    void unknownOptionIsOneLine() {
        Outcome o = CliRuns.run("replay", "--input", "a.jsonl", "--output-dir", "out", "--lables", "x");
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.lines()).isEqualTo(1);
        assertThat(o.err()).contains("--lables");
    }

    @Test
    void verboseAddsTheTrace() {
        Outcome o = CliRuns.run("--verbose", "replay", "--input", "/nonexistent/events.jsonl", "--output-dir", "target/never");
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.lines()).isGreaterThan(3);
        assertThat(o.err()).contains("NoSuchFileException");
    }

    /** Issue #27: the window is written as in the config files, and the report's folder need not exist yet. */
    @Test
    void fairnessReportTakesConfigDurationsAndCreatesItsFolder(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path verdicts = java.nio.file.Files.write(dir.resolve("verdicts.jsonl"), java.util.List.of(
                io.moderationstream.io.AvroJson.toJsonLine(io.moderationstream.fairness.FairnessReportTest.verdict(1, true,
                        java.util.Map.of("gender", "female")))));
        for (String window : java.util.List.of("1h", "PT1H")) {
            java.nio.file.Path out = dir.resolve(window + "/not/yet/report.html");
            Outcome o = CliRuns.run("fairness", "report", "--input", verdicts.toString(), "--out", out.toString(), "--window", window);
            assertThat(o.code()).as(o.err()).isZero();
            assertThat(out).exists();
        }
        Outcome bad = CliRuns.run("fairness", "report", "--input", verdicts.toString(), "--out", dir.resolve("r.html").toString(),
                "--window", "PTsoon");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("--window 'PTsoon' is not a duration");
    }

    /** Issue #27: a broken line names its file and line; a folder given as the input names the folder. */
    @Test
    void brokenVerdictFilesAreNamedByFileAndLine(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path verdicts = java.nio.file.Files.write(dir.resolve("verdicts.jsonl"), java.util.List.of(
                io.moderationstream.io.AvroJson.toJsonLine(io.moderationstream.fairness.FairnessReportTest.verdict(1, true,
                        java.util.Map.of("gender", "female"))), "{\"event_id\": \"e2\", "));
        Outcome broken = CliRuns.run("fairness", "report", "--input", verdicts.toString(), "--out", dir.resolve("r.html").toString());
        assertThat(broken.code()).isEqualTo(2);
        assertThat(broken.lines()).isEqualTo(1);
        assertThat(broken.err()).contains(verdicts + ":2 is not valid JSON");
        Outcome folder = CliRuns.run("fairness", "report", "--input", dir.toString(), "--out", dir.resolve("r.html").toString());
        assertThat(folder.code()).isEqualTo(2);
        assertThat(folder.err()).contains(dir + " is a folder");
    }

    /** Issue #27: a mistyped required option is named (with the nearest option), not reported as missing. */
    @Test
    void aMistypedRequiredOptionIsNamed() {
        Outcome o = CliRuns.run("replay", "--inptu", "a.jsonl", "--output-dir", "out");
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.lines()).isEqualTo(1);
        assertThat(o.err()).contains("Unknown option: '--inptu'; did you mean '--input'?").doesNotContain("Missing required");
    }

    /** Issue #27: invalid YAML says line and column in its one line, without --verbose. */
    @Test
    void invalidYamlGivesLineAndColumn(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path bad = java.nio.file.Files.writeString(dir.resolve("bad.yaml"), "kafka:\n  bootstrap_servers: \"x\n  group_id: [a\n");
        Outcome o = CliRuns.run("run", "--config", bad.toString());
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.lines()).isEqualTo(1);
        assertThat(o.err()).contains(bad + ":2:").contains("is not valid YAML: while scanning a quoted scalar: found unexpected end of stream");
    }
}
