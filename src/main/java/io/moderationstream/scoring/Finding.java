package io.moderationstream.scoring;

import io.moderationstream.avro.Decision;

/**
 * What one scorer's result asks of a verdict: a reason code (an enum constant of the scorer's own), the decision it
 * calls for (ALLOW records the finding without raising the decision) and a sentence that explains it.
 */
public record Finding(Enum<?> code, Decision decision, String text) {}
