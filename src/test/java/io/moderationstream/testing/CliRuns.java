package io.moderationstream.testing;

import io.moderationstream.tools.cli.Main;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs the CLI in this JVM as a user would, capturing its exit code and what it printed to standard error. */
public final class CliRuns {
    private CliRuns() {}

    public record Outcome(int code, String err) {
        /**
         * Non-blank lines the CLI printed. Not counted: the Jazzer agent's notes on classes it instruments, which it
         * writes to the same stream once DecoderFuzzTest has run in this JVM (the first use of a class prints one).
         */
        public long lines() {
            return err.lines().filter(l -> !l.isBlank() && !l.startsWith("INFO: Instrumented ")).count();
        }
    }

    public static Outcome run(String... args) {
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
}
