package io.moderationstream.scoring;

import java.io.Serializable;

/**
 * A scorer's thresholds in the decision policy (one per tenant and for the defaults): a plain class whose fields are
 * the keys the scorer owns under {@code policy.defaults}, with their defaults as initial values.
 */
public interface PolicyBlock extends Serializable {

    /** Ranges the types cannot express; throws {@link io.moderationstream.config.ConfigException} naming the key. */
    default void validate(String key) {}

    /** For scorers that have no thresholds (their findings decide on their own). */
    final class None implements PolicyBlock {
        private static final long serialVersionUID = 1L;
    }
}
