package io.moderationstream.scoring.toxicity;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Counterfactual augmentation against lexical over-reliance on identity terms: neutral and positive statements
 * about many identities, labelled non-toxic on every attribute, so that "I am a gay man" does not score as toxic just
 * because slurs and identity words co-occur in the hateful training data.
 */
final class CounterfactualIdentities {
    private static final List<String> IDENTITIES = List.of(
            "gay", "lesbian", "bisexual", "transgender", "trans", "queer", "straight", "black", "white", "asian", "latino",
            "latina", "hispanic", "african american", "arab", "jewish", "muslim", "christian", "hindu", "buddhist", "sikh",
            "atheist", "catholic", "immigrant", "refugee", "disabled", "deaf", "blind", "autistic", "old", "young",
            "female", "male", "nonbinary", "indigenous", "mexican", "chinese", "indian", "nigerian", "polish");
    private static final List<String> TEMPLATES = List.of(
            "I am a %s person.", "I am %s and proud of it.", "My best friend is %s.", "As a %s woman, I love my job.",
            "As a %s man, I enjoy cooking for my family.", "My neighbours are %s and very kind.",
            "%s people deserve the same rights as everyone.", "We welcomed a %s family to our community today.",
            "Being %s is a normal part of who someone is.", "The %s community organised a charity run.");

    private CounterfactualIdentities() {}

    static List<ToxicityDatasets.Example> examples() {
        List<ToxicityDatasets.Example> out = new ArrayList<>();
        Map<String, Boolean> allNegative = new java.util.LinkedHashMap<>();
        for (String a : ToxicityAttributes.ALL) {
            allNegative.put(a, false);
        }
        for (String identity : IDENTITIES) {
            for (String template : TEMPLATES) {
                String text = String.format(template, identity);
                out.add(new ToxicityDatasets.Example(Character.toUpperCase(text.charAt(0)) + text.substring(1), allNegative,
                        "counterfactual-identity", List.of(identity)));
            }
        }
        return out;
    }
}
