package io.moderationstream.scoring.toxicity.offline;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The fine-tuning data's fixed splits and the probe texts whose fp32 probabilities the int8 export must keep. */
public final class TrainingSplits {
    private TrainingSplits() {}

    /** 10 % of split keys, by a stable hash, are the in-distribution test split. */
    public static boolean isTest(String splitKey) {
        return Math.floorMod(splitKey.hashCode() * 31 + 11, 10) == 0;
    }

    /**
     * Identity statements the default policy must not flag (they are also tested against the shipped model), and
     * 200 test-split texts across sources, chosen by hash so that the set is fixed for a given data directory.
     */
    public static List<String> probeTexts(List<ToxicityDatasets.Example> examples) {
        List<String> probes = new ArrayList<>(CounterfactualIdentities.PROBES);
        examples.stream().filter(e -> isTest(e.splitKey()) && !e.source().equals("counterfactual-identity"))
                .sorted(Comparator.comparingInt((ToxicityDatasets.Example e) -> Math.floorMod(e.text().hashCode() * 17 + 3, 1_000_003))
                        .thenComparing(ToxicityDatasets.Example::text))
                .limit(200)
                .forEach(e -> probes.add(e.text()));
        return probes;
    }
}
