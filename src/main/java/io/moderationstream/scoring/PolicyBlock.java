package io.moderationstream.scoring;

import java.io.Serializable;

/**
 * A scorer's thresholds in the decision policy (one per tenant and for the defaults): a plain class whose fields are
 * the keys the scorer owns under {@code policy.defaults}, with their defaults as initial values.
 */
public interface PolicyBlock extends Serializable {

    /** Ranges the types cannot express; throws {@link io.moderationstream.config.ConfigException} naming the key. */
    default void validate(String key) {}

    /** A threshold on a probability must lie in [0, 1]; the error names the key. */
    static void requireProbability(String key, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new io.moderationstream.config.ConfigException(key + " is " + value + ", expected a probability in [0, 1]");
        }
    }

    /** For scorers that have no thresholds (their findings decide on their own). */
    final class None implements PolicyBlock {
        private static final long serialVersionUID = 1L;
    }
}
