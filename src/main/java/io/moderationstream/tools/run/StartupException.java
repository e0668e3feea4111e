package io.moderationstream.tools.run;

/** A reason the job cannot start, as one line that says what to fix. */
public class StartupException extends Exception {
    private static final long serialVersionUID = 1L;

    public StartupException(String message) {
        super(message);
    }
}
