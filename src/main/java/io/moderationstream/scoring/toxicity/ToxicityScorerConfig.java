package io.moderationstream.scoring.toxicity;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code scorers.toxicity.options} of the job config. */
public class ToxicityScorerConfig implements Serializable {
    private static final long serialVersionUID = 1L;
    /**
     * finetuned: the project's fine-tuned int8 MiniLM classifier (default);
     * onnx: the sentence encoder + a linear head (the light fallback);
     * onnx-classifier: a Hugging Face sequence-classification model exported to ONNX (bring your own);
     * lexicon: the dependency-free word-list fallback.
     */
    public ToxicityEngine engine = ToxicityEngine.FINETUNED;
    /** Also score the prompt (its attribute scores count like a sentence of the completion). */
    public boolean includePrompt = false;
    /** Sentences scored separately per text, at most (neighbours are merged beyond). */
    public int maxSentences = 8;
    /** How sentence and whole-text scores combine: max (each alone, and the whole text) or context. */
    public TextScoring textScoring = TextScoring.MAX;
    /** Tokens per text for the transformer (longer texts are truncated; sentences are scored separately anyway). */
    public int maxTokens = 128;
    /** ONNX Runtime intra-op threads per subtask: cores of the TaskManager / its toxicity slots. */
    public int threads = 1;
    /** cpu, or gpu with ONNX Runtime's CUDA build (onnxruntime_gpu) on the classpath. */
    public Device device = Device.CPU;

    /** Where ONNX Runtime runs the model. */
    public enum Device { CPU, GPU }
    public String encoderModel = "classpath:/all-minilm-l6-v2-q.onnx";
    public String encoderTokenizer = "classpath:/all-minilm-l6-v2-q-tokenizer.json";
    public String head = "classpath:/toxicity/head.json";
    public String finetunedModel = "classpath:/toxicity/finetuned/toxicity-finetuned.onnx";
    public String finetunedTokenizer = "classpath:/toxicity/finetuned/toxicity-finetuned-tokenizer.json";
    public String finetunedLabels = "classpath:/toxicity/finetuned/toxicity-finetuned-labels.json";
    public String classifierModel;
    public String classifierTokenizer;
    /** The classifier's label names, in logit order. */
    public List<String> labels = new ArrayList<>();
    /** Classifier label → attribute name (e.g. toxic → toxicity, obscene → profanity). */
    public Map<String, String> labelMap = new LinkedHashMap<>();
    /** Sigmoid per label (true) or softmax over labels (false). */
    public boolean multiLabel = true;
}
