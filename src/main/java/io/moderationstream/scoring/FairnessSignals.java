package io.moderationstream.scoring;

import java.io.Serializable;

/**
 * What a scorer adds to each fairness row besides its entries in {@code flagged_by} and {@code scored_by} (every
 * scorer has those): the names of the per-scorer fields that older readers know, kept populated for one release, and
 * the score whose distribution (mean, p50, p90, p99) the row carries.
 *
 * @param flaggedField      the row's count of verdicts this scorer flagged (e.g. {@code toxic_flagged}), or null
 * @param scoredField       the row's count of verdicts this scorer scored (status OK), or null
 * @param rateField         flagged / scored, or null
 * @param distributionScore the score key whose distribution goes into {@code <id>_mean}, {@code <id>_p50}, ...; null for none
 */
public record FairnessSignals(String flaggedField, String scoredField, String rateField, String distributionScore)
        implements Serializable {

    public static FairnessSignals none() {
        return new FairnessSignals(null, null, null, null);
    }
}
