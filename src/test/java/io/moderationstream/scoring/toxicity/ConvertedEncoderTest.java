package io.moderationstream.scoring.toxicity;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.InputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fine-tune starts from all-MiniLM-L6-v2's ONNX weights converted to PyTorch ({@code training/toxicity/bert.py}).
 * The conversion wrote the converted encoder's hidden states for fixed token ids; here the original fp32 ONNX model
 * (from its Maven Central jar) runs on ONNX Runtime over the same ids and must give the same states.
 */
class ConvertedEncoderTest {

    @Test
    void convertedEncoderReproducesTheOnnxModelsHiddenStates() throws Exception {
        JsonNode fixture;
        try (InputStream in = getClass().getResourceAsStream("/toxicity/converted-encoder-states.json")) {
            fixture = new ObjectMapper().readTree(in);
        }
        var dir = ModelFiles.unpackDir();
        var model = ModelFiles.resolve("classpath:/" + fixture.get("base").asText(), dir);
        Criteria<NDList, NDList> criteria = Criteria.builder().setTypes(NDList.class, NDList.class)
                .optModelPath(model.getParent()).optModelName(model.getFileName().toString().replaceFirst("\\.onnx$", ""))
                .optEngine("OnnxRuntime").build();
        double worst = 0;
        int compared = 0;
        try (ZooModel<NDList, NDList> onnx = criteria.loadModel(); Predictor<NDList, NDList> predictor = onnx.newPredictor()) {
            for (JsonNode c : fixture.get("cases")) {
                int length = c.get("ids").size();
                long[] ids = new long[length];
                long[] ones = new long[length];
                for (int t = 0; t < length; t++) {
                    ids[t] = c.get("ids").get(t).asLong();
                    ones[t] = 1;
                }
                try (NDManager manager = onnx.getNDManager().newSubManager()) {
                    NDArray inputIds = manager.create(ids, new Shape(1, length));
                    inputIds.setName("input_ids");
                    NDArray mask = manager.create(ones, new Shape(1, length));
                    mask.setName("attention_mask");
                    NDArray types = manager.create(new long[length], new Shape(1, length));
                    types.setName("token_type_ids");
                    float[] states = predictor.predict(new NDList(inputIds, mask, types)).get(0).toFloatArray();
                    JsonNode expected = c.get("hidden_states");
                    assertThat(expected.size()).isEqualTo(length);
                    int hidden = states.length / length;
                    for (int t = 0; t < length; t++) {
                        assertThat(expected.get(t).size()).isEqualTo(hidden);
                        for (int h = 0; h < hidden; h++) {
                            worst = Math.max(worst, Math.abs(states[t * hidden + h] - expected.get(t).get(h).asDouble()));
                            compared++;
                        }
                    }
                }
            }
        }
        assertThat(compared).isGreaterThan(3 * 5 * 384);
        // The fixture rounds to 5 decimals; float32 kernels differ in the last bits.
        assertThat(worst).isLessThan(1e-3);
    }
}
