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

    public static OnnxToxicityModel create(ToxicityScorerConfig cfg) throws Exception {
        var dir = ModelFiles.unpackDir();
        OnnxTextEncoder encoder = new OnnxTextEncoder(ModelFiles.resolve(cfg.encoderModel, dir),
                ModelFiles.resolve(cfg.encoderTokenizer, dir), cfg.maxTokens, cfg.threads, cfg.device);
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
        return new OnnxToxicityModel(encoder, head);
    }

    @Override
    public List<String> attributes() {
        return head.attributes();
    }

    @Override
    public float[][] predict(List<String> texts) throws Exception {
        float[][] embeddings = encoder.embed(texts);
        float[][] out = new float[texts.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = head.predict(embeddings[i]);
        }
        return out;
    }

    @Override
    public void close() {
        encoder.close();
    }
}
