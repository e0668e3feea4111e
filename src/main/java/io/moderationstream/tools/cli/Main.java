package io.moderationstream.tools.cli;

import io.moderationstream.config.ConfigErrors;
import io.moderationstream.config.ConfigException;
import io.moderationstream.tools.bench.BenchCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;

/**
 * Entry point of {@code target/moderation-stream.jar}. Exit codes: 0 done, 1 the work failed at run time, 2 the
 * command line or the configuration is wrong (one line saying what to fix; {@code --verbose} adds the trace).
 */
@Command(name = "moderation-stream", mixinStandardHelpOptions = true, version = "moderation-stream 0.1.0",
        description = "Real-time moderation of generative-AI output on Apache Flink.",
        subcommands = {RunCommand.class, DemoCommand.class, ReplayCommand.class, WatermarkCommand.class, ToxicityCommand.class,
                CitationsCommand.class, PiiCommand.class, ProtectedCommand.class,
                EvaluateCommand.class, FairnessCommand.class, SlicesCommand.class, SamplesCommand.class, BenchCommand.class,
                CommandLine.HelpCommand.class})
public final class Main {
    public static final int RUNTIME_FAILURE = 1;
    public static final int USAGE_ERROR = 2;

    public static void main(String[] args) {
        // DJL and friends must never reach for a model hub at run time.
        System.setProperty("ai.djl.offline", "true");
        System.exit(run(args));
    }

    /** Runs one command line and returns its exit code (tests call this instead of {@link #main}). */
    public static int run(String... args) {
        List<String> rest = new ArrayList<>(List.of(args));
        boolean verbose = rest.remove("--verbose");
        CommandLine cli = new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
        cli.setParameterExceptionHandler((e, argv) -> {
            PrintWriter err = e.getCommandLine().getErr();
            // A mistyped option ("--inptu") also leaves the real one missing: name the typo, not the missing option.
            List<String> unmatched = e.getCommandLine().getUnmatchedArguments();
            String problem = unmatched.isEmpty() || e instanceof CommandLine.UnmatchedArgumentException ? e.getMessage()
                    : "Unknown option: '" + unmatched.get(0) + "'" + nearestOption(e.getCommandLine(), unmatched.get(0));
            err.println("error: " + problem + " (see '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
            return USAGE_ERROR;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parsed) -> {
            PrintWriter err = commandLine.getErr();
            Throwable cause = rootOfInterest(e);
            boolean userError = isUserError(cause);
            String command = commandLine.getCommandSpec().qualifiedName();
            err.println(userError ? "error: " + message(cause)
                    : command + " failed: " + message(cause) + (verbose ? "" : " (run again with --verbose for the stack trace)"));
            if (verbose) {
                e.printStackTrace(err);
            }
            err.flush();
            return userError ? USAGE_ERROR : RUNTIME_FAILURE;
        });
        return cli.execute(rest.toArray(String[]::new));
    }

    private static String nearestOption(CommandLine command, String typed) {
        List<String> names = new ArrayList<>();
        command.getCommandSpec().options().forEach(o -> names.addAll(List.of(o.names())));
        String bare = typed.contains("=") ? typed.substring(0, typed.indexOf('=')) : typed;
        return ConfigErrors.nearest(bare, names).map(n -> "; did you mean '" + n + "'?").orElse("");
    }

    /** The first exception in the chain that says something to a person (wrappers add nothing). */
    private static Throwable rootOfInterest(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (isUserError(t)) {
                return t;
            }
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root && (root.getMessage() == null || root instanceof java.util.concurrent.ExecutionException)) {
            root = root.getCause();
        }
        return root;
    }

    private static boolean isUserError(Throwable t) {
        return t instanceof ConfigException || t instanceof NoSuchFileException || t instanceof AccessDeniedException;
    }

    private static String message(Throwable t) {
        if (t instanceof NoSuchFileException f) {
            return "no such file: " + f.getFile() + " (check the path)";
        }
        if (t instanceof AccessDeniedException f) {
            return "cannot read " + f.getFile() + ": permission denied";
        }
        String m = t.getMessage();
        if (m == null || m.isBlank()) {
            return t.getClass().getSimpleName();
        }
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
