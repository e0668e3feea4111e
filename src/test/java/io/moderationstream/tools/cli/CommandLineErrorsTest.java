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
}
