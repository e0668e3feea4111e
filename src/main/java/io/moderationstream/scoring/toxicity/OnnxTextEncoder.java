package io.moderationstream.scoring.toxicity;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A Hugging Face transformer exported to ONNX, served in-process by DJL on ONNX Runtime: tokenizes a batch with the
 * model's own {@code tokenizer.json} (DJL's Rust tokenizers), pads it, runs one forward pass and returns either the
 * raw first output (e.g. classification logits) or mean-pooled, L2-normalised token embeddings (sentence-transformers
 * convention). Not thread-safe: one instance per Flink subtask, created in {@code open()}.
 */
public final class OnnxTextEncoder implements AutoCloseable {
    private final HuggingFaceTokenizer tokenizer;
    private final ZooModel<NDList, NDList> model;
    private final Predictor<NDList, NDList> predictor;
    private final boolean withTokenTypes;
    private final int maxTokens;

    /**
     * @param modelFile   the .onnx file
     * @param tokenizerFile the model's tokenizer.json
     * @param maxTokens   truncation length
     * @param threads     ONNX Runtime intra-op threads (set from the slots per TaskManager)
     * @param device      CPU, or GPU (ONNX Runtime's CUDA provider, when the GPU build is on the classpath)
     */
    public OnnxTextEncoder(Path modelFile, Path tokenizerFile, int maxTokens, int threads, ToxicityScorerConfig.Device device) throws Exception {
        System.setProperty("ai.djl.offline", "true");
        this.maxTokens = maxTokens;
        this.tokenizer = HuggingFaceTokenizer.newInstance(tokenizerFile, Map.of(
                "padding", "true", "truncation", "true", "maxLength", Integer.toString(maxTokens)));
        String name = modelFile.getFileName().toString().replaceFirst("\\.onnx$", "");
        Criteria.Builder<NDList, NDList> criteria = Criteria.builder()
                .setTypes(NDList.class, NDList.class)
                .optModelPath(modelFile.getParent())
                .optModelName(name)
                .optEngine("OnnxRuntime")
                .optOption("interOpNumThreads", "1")
                .optOption("intraOpNumThreads", Integer.toString(Math.max(1, threads)));
        if (device == ToxicityScorerConfig.Device.GPU) {
            criteria.optDevice(ai.djl.Device.gpu());
        }
        this.model = criteria.build().loadModel();
        this.predictor = model.newPredictor();
        // BERT exports take token_type_ids; DistilBERT and RoBERTa exports have no such input and reject it.
        var inputs = model.describeInput();
        this.withTokenTypes = inputs == null || inputs.keys().contains("token_type_ids");
    }

    /** Word pieces per text the model reads; the rest of a text is cut off. */
    public int maxTokens() {
        return maxTokens;
    }

    /** Mean-pooled, L2-normalised embeddings, one row per text. */
    public float[][] embed(List<String> texts) throws Exception {
        return run(texts, true);
    }

    /** The model's first output for the first position (e.g. sequence-classification logits), one row per text. */
    public float[][] logits(List<String> texts) throws Exception {
        return run(texts, false);
    }

    private float[][] run(List<String> texts, boolean meanPool) throws Exception {
        Encoding[] encodings = tokenizer.batchEncode(texts);
        int batch = encodings.length;
        int length = encodings[0].getIds().length;
        long[] ids = new long[batch * length];
        long[] mask = new long[batch * length];
        long[] types = new long[batch * length];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(encodings[b].getIds(), 0, ids, b * length, length);
            System.arraycopy(encodings[b].getAttentionMask(), 0, mask, b * length, length);
            System.arraycopy(encodings[b].getTypeIds(), 0, types, b * length, length);
        }
        try (NDManager manager = model.getNDManager().newSubManager()) {
            Shape shape = new Shape(batch, length);
            NDArray inputIds = manager.create(ids, shape);
            inputIds.setName("input_ids");
            NDArray attention = manager.create(mask, shape);
            attention.setName("attention_mask");
            NDList inputs = new NDList(inputIds, attention);
            if (withTokenTypes) {
                NDArray tokenTypes = manager.create(types, shape);
                tokenTypes.setName("token_type_ids");
                inputs.add(tokenTypes);
            }
            NDList out = predictor.predict(inputs);
            NDArray first = out.get(0);
            float[] flat = first.toFloatArray();
            long[] dims = first.getShape().getShape();
            if (!meanPool || dims.length == 2) {
                int width = (int) dims[dims.length - 1];
                float[][] rows = new float[batch][width];
                for (int b = 0; b < batch; b++) {
                    System.arraycopy(flat, b * (flat.length / batch), rows[b], 0, width);
                }
                return rows;
            }
            int hidden = (int) dims[2];
            float[][] pooled = new float[batch][hidden];
            for (int b = 0; b < batch; b++) {
                int tokens = 0;
                for (int t = 0; t < length; t++) {
                    if (mask[b * length + t] == 0) {
                        continue;
                    }
                    tokens++;
                    int base = (b * length + t) * hidden;
                    for (int h = 0; h < hidden; h++) {
                        pooled[b][h] += flat[base + h];
                    }
                }
                double norm = 0;
                for (int h = 0; h < hidden; h++) {
                    pooled[b][h] /= Math.max(1, tokens);
                    norm += pooled[b][h] * pooled[b][h];
                }
                float inv = (float) (1.0 / Math.max(1e-12, Math.sqrt(norm)));
                for (int h = 0; h < hidden; h++) {
                    pooled[b][h] *= inv;
                }
            }
            return pooled;
        }
    }

    @Override
    public void close() {
        predictor.close();
        model.close();
        tokenizer.close();
    }
}
