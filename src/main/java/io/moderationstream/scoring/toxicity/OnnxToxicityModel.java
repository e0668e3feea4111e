package io.moderationstream.scoring.toxicity;

import java.io.InputStream;
import java.util.List;

/** The default model: the quantized all-MiniLM-L6-v2 sentence encoder (DJL, ONNX Runtime) with the trained head. */
public final class OnnxToxicityModel implements ToxicityModel {
    private final OnnxTextEncoder encoder;
    private final ToxicityHead head;

    public OnnxToxicityModel(OnnxTextEncoder encoder, ToxicityHead head) {
        this.encoder = encoder;
        this.head = head;
    }

    /** The sentence encoder the config names (the bundled MiniLM by default), unpacked from the jar when needed. */
    public static OnnxTextEncoder encoder(ToxicityScorerConfig cfg) throws Exception {
        var dir = ModelFiles.unpackDir();
        return new OnnxTextEncoder(ModelFiles.resolve(cfg.encoderModel, dir), ModelFiles.resolve(cfg.encoderTokenizer, dir),
                cfg.maxTokens, cfg.threads, cfg.device);
    }

    public static OnnxToxicityModel create(ToxicityScorerConfig cfg) throws Exception {
        OnnxTextEncoder encoder = encoder(cfg);
        ToxicityHead head;
        if (cfg.head.startsWith("classpath:")) {
            try (InputStream in = OnnxToxicityModel.class.getResourceAsStream(cfg.head.substring("classpath:".length()))) {
                if (in == null) {
                    encoder.close();
                    throw new IllegalStateException("toxicity head " + cfg.head + " is not on the classpath; train one with `toxicity train`");
                }
                head = ToxicityHead.load(in);
            }
        } else {
            try (InputStream in = java.nio.file.Files.newInputStream(java.nio.file.Path.of(cfg.head))) {
                head = ToxicityHead.load(in);
            }
        }
        // Loads the emoji tables (~0.4 s) when the operator opens rather than on the first record that has an emoji.
        EmojiText.describe("\uD83D\uDE42");
        return new OnnxToxicityModel(encoder, head);
    }

    @Override
    public List<String> attributes() {
        return head.attributes();
    }

    /** Characters kept per token of the encoder's budget: far more than a word piece ever spans. */
    static final int CHARS_PER_TOKEN = 8;

    /** Texts per forward pass; a micro-batch is cut into passes of similar length. */
    static final int PASS = 16;

    /**
     * Runs the encoder on length-sorted passes: a batch is padded to its longest text, so mixing one reference list
     * with thirty short answers would otherwise cost the long text's length thirty times over.
     */
    @Override
    public float[][] predict(List<String> texts) throws Exception {
        Integer[] order = new Integer[texts.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, java.util.Comparator.comparingInt(i -> texts.get(i).length()));
        float[][] out = new float[texts.size()][];
        for (int start = 0; start < order.length; start += PASS) {
            int end = Math.min(order.length, start + PASS);
            List<String> pass = new java.util.ArrayList<>(end - start);
            for (int k = start; k < end; k++) {
                pass.add(EmojiText.describe(texts.get(order[k]), CHARS_PER_TOKEN * encoder.maxTokens()));
            }
            float[][] embeddings = encoder.embed(pass);
            for (int k = start; k < end; k++) {
                out[order[k]] = head.predict(embeddings[k - start]);
            }
        }
        return out;
    }

    @Override
    public void close() {
        encoder.close();
    }
}
