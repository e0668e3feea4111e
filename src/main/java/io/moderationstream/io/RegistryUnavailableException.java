package io.moderationstream.io;

/**
 * The schema registry could not be asked (connection refused, unknown host, a 5xx answer). Unlike an id the registry
 * does not know, this says nothing about the record, so the record is not dead-lettered: the task fails and Flink
 * restarts it from the last checkpoint (restart_attempts, restart_delay), reading the same records again once the
 * registry answers.
 */
public class RegistryUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RegistryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
