package io.moderationstream.config;

/**
 * A package that owns part of the configuration validates it here: found with {@link java.util.ServiceLoader} and
 * called by {@link JobConfig#validate()}, so that the config package knows no scorer and no scorer's keys. Throws a
 * {@link ConfigException} naming the key at the first mistake.
 */
public interface ConfigSection {
    void validate(JobConfig config);
}
