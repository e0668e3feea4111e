package io.moderationstream.config;

/** A configuration the job cannot run with: the message names the key, what is wrong and how to fix it. */
public class ConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
