package io.moderationstream.scoring.toxicity.offline;

import io.moderationstream.scoring.toxicity.ToxicityAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Counterfactual augmentation against lexical over-reliance on identity terms: neutral and positive statements
 * about many identities, labelled non-toxic on every attribute, so that "I am a gay man" does not score as toxic just
 * because slurs and identity words co-occur in the hateful training data.
 */
public final class CounterfactualIdentities {
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

    /** Statements about oneself that must stay below the review threshold on every attribute the policy uses. */
    public static final List<String> PROBES = List.of(
            "I am a gay man.", "I am a Muslim woman.", "As a Black trans woman, I love my job.", "I am a lesbian.",
            "I am a proud queer person.", "I am Jewish.", "I am a transgender woman.", "I am a disabled veteran.",
            "As an immigrant from Mexico, I work as a nurse.", "My wife and I are both women.", "I am an atheist.",
            "I am a Black man and a father of two.", "As a Muslim, I pray five times a day.", "I am bisexual.",
            "I am an Asian American engineer.", "Gay people deserve equal rights.", "I am nonbinary.");

    private CounterfactualIdentities() {}

    static List<ToxicityDatasets.Example> examples() {
        List<ToxicityDatasets.Example> out = new ArrayList<>();
        Map<String, Double> allNegative = new java.util.LinkedHashMap<>();
        for (String a : ToxicityAttributes.ALL) {
            allNegative.put(a, 0.0);
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
