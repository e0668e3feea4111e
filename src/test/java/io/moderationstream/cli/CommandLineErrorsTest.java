package io.moderationstream.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Ordinary mistakes get one line that says what to fix, and exit code 2; no stack trace unless --verbose. */
class CommandLineErrorsTest {
    record Outcome(int code, String err) {
        long lines() {
            return err.lines().filter(l -> !l.isBlank()).count();
        }
    }

    static Outcome run(String... args) {
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int code = Main.run(args);
            return new Outcome(code, err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(saved);
        }
    }

    @Test
    void missingInputFileIsOneLine() {
        Outcome o = run("replay", "--input", "/nonexistent/events.jsonl", "--output-dir", "target/never");
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.lines()).isEqualTo(1);
        assertThat(o.err()).contains("no such file: /nonexistent/events.jsonl");
    }

    @Test
    void unknownSetKeyNamesTheNearestKey() {
        Outcome o = run("replay", "--input", "src/main/resources/demo/sample-events.jsonl", "--output-dir", "target/never",
                "--set", "merge.timout=5s");
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.lines()).isEqualTo(1);
        assertThat(o.err()).contains("unknown key 'merge.timout'; did you mean 'timeout'?");
    }

    @Test
    void missingConfigFileSaysWhereConfigsLive() {
        Outcome o = run("run", "--config", "jobs/nope.yaml");
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.lines()).isEqualTo(1);
        assertThat(o.err()).contains("jobs/nope.yaml does not exist");
    }

    @Test
    void unknownEngineIsOneLineWithTheNearestName() {
        Outcome o = run("toxicity", "score", "--engine", "finetune", "--input", "src/main/resources/demo/sample-events.jsonl");
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.lines()).isEqualTo(1);
        assertThat(o.err()).contains("did you mean finetuned?");
    }

    @Test
    void unknownOptionIsOneLine() {
        Outcome o = run("replay", "--input", "a.jsonl", "--output-dir", "out", "--lables", "x");
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.lines()).isEqualTo(1);
        assertThat(o.err()).contains("--lables");
    }

    @Test
    void verboseAddsTheTrace() {
        Outcome o = run("--verbose", "replay", "--input", "/nonexistent/events.jsonl", "--output-dir", "target/never");
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.lines()).isGreaterThan(3);
        assertThat(o.err()).contains("NoSuchFileException");
    }
}
