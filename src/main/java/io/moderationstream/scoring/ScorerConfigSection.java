package io.moderationstream.scoring;

import io.moderationstream.config.ConfigSection;
import io.moderationstream.config.JobConfig;

/** Validates {@code scorers.*} and the scorers' policy keys against the registered scorers. */
public final class ScorerConfigSection implements ConfigSection {
    @Override
    public void validate(JobConfig config) {
        ScorerRegistry.get().validate(config);
    }
}
