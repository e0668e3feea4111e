package io.moderationstream.tools.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The sample stream of {@code demo}: real model output and group-labelled text from the shared datasets
 * (RealToxicityPrompts continuations with Perspective-derived labels, BOLD sentence openings with their groups,
 * watermarked and plain GPT-2 token sequences, texts citing real and invented papers) plus a few malformed records.
 * Without the shared data, the hand-written sample shipped in the jar is used.
 */
public final class DemoStream {
    private static final ObjectMapper JSON = new ObjectMapper();

    public record Sample(List<byte[]> events, List<byte[]> labels, String source) {}

    private DemoStream() {}

    public static Sample build(int perSource) throws IOException {
        Path shared = SharedData.dir();
        if (shared == null) {
            return bundled();
        }
        List<byte[]> events = new ArrayList<>();
        List<byte[]> labels = new ArrayList<>();
        Instant t0 = Instant.parse("2026-11-23T09:00:00Z");
        Random random = new Random(7);
        int[] n = {0};

        // RealToxicityPrompts: prompt + continuation as produced by a model, labelled by Perspective's toxicity.
        for (String file : List.of("data_toxicity_user_prompts_toxic.jsonl", "data_toxicity_user_prompts_nontoxic.jsonl")) {
            Path p = shared.resolve("toxicity/decodingtrust").resolve(file);
            int taken = 0;
            for (JsonNode row : io.moderationstream.io.JsonLinesFile.read(p)) {
                if (taken++ >= perSource / 2) {
                    break;
                }
                JsonNode cont = row.path("continuation");
                String text = row.path("prompt").path("text").asText() + cont.path("text").asText();
                ObjectNode e = event("rtp-" + (n[0]++), "tenant-a", "gpt-3.5", t0.plusSeconds(n[0] * 7L), text);
                e.put("prompt", row.path("prompt").path("text").asText());
                e.putObject("groups").put("dialect", random.nextInt(4) == 0 ? "aae" : "sae");
                events.add(bytes(e));
                ObjectNode label = JSON.createObjectNode().put("event_id", e.get("event_id").asText())
                        .put("labelled_at", t0.plusSeconds(n[0] * 7L + 60).toString()).put("source", "perspective-api");
                label.putObject("labels").put("toxic", cont.path("toxicity").asDouble() >= 0.5);
                labels.add(bytes(label));
            }
        }
        // BOLD: Wikipedia sentence openings, labelled by gender / race / religion / political ideology.
        for (Map.Entry<String, String> dim : Map.of("gender", "prompts_gender_prompt.json", "race", "prompts_race_prompt.json",
                "religion", "prompts_religious_ideology_prompt.json").entrySet()) {
            JsonNode root = JSON.readTree(shared.resolve("fairness/bold").resolve(dim.getValue()).toFile());
            int taken = 0;
            for (Iterator<Map.Entry<String, JsonNode>> groups = root.fields(); groups.hasNext() && taken < perSource; ) {
                Map.Entry<String, JsonNode> group = groups.next();
                int perGroup = 0;
                for (JsonNode prompts : group.getValue()) {
                    for (JsonNode prompt : prompts) {
                        if (perGroup++ >= Math.max(3, perSource / 6) || taken >= perSource) {
                            break;
                        }
                        taken++;
                        ObjectNode e = event("bold-" + (n[0]++), "tenant-b", "gpt-4", t0.plusSeconds(n[0] * 5L), prompt.asText());
                        e.putObject("groups").put(dim.getKey(), groupName(group.getKey()));
                        events.add(bytes(e));
                    }
                }
            }
        }
        // Watermarked and plain token sequences from the reference vectors (GPT-2 vocabulary, hashing key 15485863).
        Path vectors = shared.resolve("watermark/hf_watermark_vectors_flat.jsonl");
        if (Files.exists(vectors)) {
            for (JsonNode v : io.moderationstream.io.JsonLinesFile.read(vectors)) {
                if (!"lefthash".equals(v.path("scheme").asText())) {
                    continue;
                }
                ObjectNode e = event("wm-" + (n[0]++), "tenant-a", "gpt2-watermarked", t0.plusSeconds(n[0] * 3L),
                        "(token ids only)");
                e.set("token_ids", v.get("input_ids"));
                e.put("tokenizer", "gpt2");
                events.add(bytes(e));
            }
        }
        events.addAll(citationEvents(t0, n));
        events.addAll(privacyEvents(t0, n));
        events.addAll(protectedEvents(t0, n));
        events.addAll(malformed());
        return new Sample(events, labels, shared.toString());
    }

    private static List<byte[]> citationEvents(Instant t0, int[] n) throws IOException {
        List<byte[]> out = new ArrayList<>();
        String[] texts = {
            "Transformers were introduced in the paper below.\n[1] Ashish Vaswani, Noam Shazeer, Niki Parmar. Attention is All you Need. In Advances in Neural Information Processing Systems, 2017.",
            "See the BERT paper:\n[1] Jacob Devlin, Ming-Wei Chang, Kenton Lee, Kristina Toutanova. BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding. In Proceedings of NAACL, 2019.",
            "As shown previously:\n[1] Jacob Devlin, Percy Liang. Recursive Sparse Attention Graphs for Multilingual Dialogue Grounding. In Proceedings of ACL, 2020.",
            "A famous result:\n[1] Geoffrey Hinton, Yann LeCun. Quantum Gradient Descent for Self-Supervised Vision Transformers. In International Conference on Machine Learning, 2019.",
            "Word vectors: [1] Jeffrey Pennington, Richard Socher, Christopher Manning. GloVe: Global Vectors for Word Representation. In Proceedings of EMNLP, 2014.",
        };
        for (String text : texts) {
            out.add(bytes(event("cite-" + (n[0]++), "tenant-a", "gpt-4", t0.plusSeconds(n[0] * 11L), text)));
        }
        return out;
    }

    /** Answers that leak a card, contact details or a cloud key: the privacy branch reviews the card and the key. */
    private static List<byte[]> privacyEvents(Instant t0, int[] n) throws IOException {
        List<byte[]> out = new ArrayList<>();
        String[] texts = {
            "Sure, I updated the booking. The card on file is 4111 1111 1111 1111, expiring 12/27; the receipt went to jane.doe@example.com.",
            "Here is the deployment script:\nexport AWS_ACCESS_KEY_ID=AKIAZ7VRSQ5TJN2XMY6K\nexport REGION=eu-west-1",
            "You can reach our London office on +44 20 7946 0958 from 9 to 5; order number 4111111111111111 has shipped.",
        };
        for (String text : texts) {
            out.add(bytes(event("pii-" + (n[0]++), "tenant-a", "gpt-4", t0.plusSeconds(n[0] * 13L), text)));
        }
        return out;
    }

    /**
     * Answers that reproduce protected text (the demo index holds the shared Gutenberg corpus and the Declaration of
     * Independence): a long copy, a restyled one, and a short attributed quotation that is allowed.
     */
    private static List<byte[]> protectedEvents(Instant t0, int[] n) throws IOException {
        List<byte[]> out = new ArrayList<>();
        String[] texts = {
            "Here is the opening you asked for: When in the Course of human events, it becomes necessary for one people to "
                    + "dissolve the political bands which have connected them with another, and to assume among the powers of the earth, "
                    + "the separate and equal station to which the Laws of Nature entitle them. The sentence sets out why the "
                    + "colonies owed the world an explanation; the authors then list their grievances one by one, and close by "
                    + "declaring the colonies free and independent states. Historians often read it next to the state "
                    + "constitutions drafted in the same months, which used much of the same language.",
            "Sure! The story begins: IT WAS SEVEN O'CLOCK OF A VERY WARM EVENING IN THE SEEONEE HILLS WHEN FATHER WOLF WOKE UP "
                    + "FROM HIS DAY'S REST, SCRATCHED HIMSELF, YAWNED, AND SPREAD OUT HIS PAWS.",
            "Whitman opens his poem with \u201CI celebrate myself, and sing myself\u201D, a line that sets the tone for the rest.",
        };
        for (String text : texts) {
            out.add(bytes(event("protected-" + (n[0]++), "tenant-a", "gpt-4", t0.plusSeconds(n[0] * 17L), text)));
        }
        return out;
    }

    private static List<byte[]> malformed() {
        return List.of(
                "{\"event_id\": \"broken-1\", \"tenant_id\": \"tenant-a\"".getBytes(StandardCharsets.UTF_8),
                "{\"event_id\": \"broken-2\", \"tenant_id\": \"tenant-a\", \"model_id\": \"m\", \"created_at\": \"yesterday\", \"completion\": \"x\"}".getBytes(StandardCharsets.UTF_8),
                "not json at all".getBytes(StandardCharsets.UTF_8));
    }

    private static String groupName(String raw) {
        return switch (raw) {
            case "American_actors" -> "male";
            case "American_actresses" -> "female";
            default -> raw.toLowerCase(java.util.Locale.ROOT).replace("_americans", "").replace('_', ' ');
        };
    }

    private static ObjectNode event(String id, String tenant, String model, Instant created, String completion) {
        return JSON.createObjectNode().put("event_id", id).put("tenant_id", tenant).put("model_id", model)
                .put("created_at", created.toString()).put("completion", completion);
    }

    private static byte[] bytes(JsonNode node) throws IOException {
        return JSON.writeValueAsBytes(node);
    }


    private static Sample bundled() throws IOException {
        List<byte[]> events = new ArrayList<>();
        List<byte[]> labels = new ArrayList<>();
        for (String resource : List.of("/demo/sample-events.jsonl", "/demo/sample-labels.jsonl")) {
            try (InputStream in = DemoStream.class.getResourceAsStream(resource);
                 BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (!line.isBlank()) {
                        (resource.contains("labels") ? labels : events).add(line.getBytes(StandardCharsets.UTF_8));
                    }
                }
            }
        }
        int[] n = {0};
        events.addAll(privacyEvents(Instant.parse("2026-11-23T09:00:00Z"), n));
        events.addAll(protectedEvents(Instant.parse("2026-11-23T09:00:00Z"), n));
        return new Sample(events, labels, "bundled sample (no ../shared/data here)");
    }
}
