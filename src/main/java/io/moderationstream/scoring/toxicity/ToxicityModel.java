package io.moderationstream.scoring.toxicity;

import java.util.List;

/** Something that turns texts into calibrated per-attribute probabilities. One instance per thread. */
public interface ToxicityModel extends AutoCloseable {
    /** The attributes in the order of the returned probabilities. */
    List<String> attributes();

    /** One row per text, one calibrated probability per attribute. */
    float[][] predict(List<String> texts) throws Exception;

    @Override
    default void close() throws Exception {}
}
