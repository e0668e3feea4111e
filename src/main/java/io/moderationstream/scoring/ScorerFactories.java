package io.moderationstream.scoring;

import io.moderationstream.config.ConfigLoader;
import io.moderationstream.config.JobConfig;
import io.moderationstream.scoring.citations.CitationScorer;
import io.moderationstream.scoring.citations.CitationScorerConfig;
import io.moderationstream.scoring.citations.LocalCitationIndex;
import io.moderationstream.scoring.citations.LocalIndexResolver;
import io.moderationstream.scoring.citations.RemoteCitationResolver;
import io.moderationstream.scoring.citations.RemoteCitationScorer;
import io.moderationstream.scoring.toxicity.FineTunedToxicityModel;
import io.moderationstream.scoring.toxicity.HuggingFaceClassifierModel;
import io.moderationstream.scoring.toxicity.LexiconToxicityModel;
import io.moderationstream.scoring.toxicity.OnnxToxicityModel;
import io.moderationstream.scoring.toxicity.ToxicityModel;
import io.moderationstream.scoring.toxicity.ToxicityScorer;
import io.moderationstream.scoring.toxicity.ToxicityScorerConfig;
import io.moderationstream.scoring.watermark.WatermarkScorer;
import io.moderationstream.scoring.watermark.WatermarkScorerConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/** Builds each enabled scorer's factory from its typed options in the job config. */
public final class ScorerFactories {
    private ScorerFactories() {}

    public static Map<ScorerName, ScorerFactory> fromConfig(JobConfig config) {
        Map<ScorerName, ScorerFactory> factories = new EnumMap<>(ScorerName.class);
        if (config.scorers.toxicity.enabled) {
            factories.put(ScorerName.TOXICITY, toxicity(options(config.scorers.toxicity, ToxicityScorerConfig.class)));
        }
        if (config.scorers.citations.enabled) {
            factories.put(ScorerName.CITATIONS, citations(options(config.scorers.citations, CitationScorerConfig.class)));
        }
        if (config.scorers.watermark.enabled) {
            WatermarkScorerConfig wm = options(config.scorers.watermark, WatermarkScorerConfig.class);
            factories.put(ScorerName.WATERMARK, () -> new WatermarkScorer(wm));
        }
        return factories;
    }

    /** A scorer's options as its typed class; a typo or wrong value is a one-line {@link ConfigException}. */
    public static <T> T options(JobConfig.ScorerSettings settings, Class<T> type) {
        String key = "scorers." + scorerKey(type) + ".options";
        try {
            var mapper = ConfigLoader.yamlMapper();
            return mapper.treeToValue(mapper.valueToTree(settings.options), type);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw io.moderationstream.config.ConfigErrors.explain(e, "config", key);
        }
    }

    private static String scorerKey(Class<?> type) {
        return type == ToxicityScorerConfig.class ? "toxicity" : type == CitationScorerConfig.class ? "citations" : "watermark";
    }

    public static ScorerFactory toxicity(ToxicityScorerConfig cfg) {
        return () -> new ToxicityScorer(toxicityModel(cfg), cfg.includePrompt, cfg.maxSentences);
    }

    public static ToxicityModel toxicityModel(ToxicityScorerConfig cfg) throws Exception {
        return switch (cfg.engine) {
            case FINETUNED -> FineTunedToxicityModel.create(cfg);
            case ONNX -> OnnxToxicityModel.create(cfg);
            case ONNX_CLASSIFIER -> HuggingFaceClassifierModel.create(cfg);
            case LEXICON -> new LexiconToxicityModel();
        };
    }

    /** The local index alone (batched), or with remote look-ups through Async I/O when {@code remote.enabled}. */
    public static ScorerFactory citations(CitationScorerConfig cfg) {
        if (!cfg.remote.enabled) {
            return () -> new CitationScorer(new LocalIndexResolver(openIndex(cfg)), cfg.maxReferences);
        }
        ScorerFactory.Execution async = ScorerFactory.Execution.async(cfg.remote.eventTimeout, cfg.remote.capacity);
        return new ScorerFactory() {
            private static final long serialVersionUID = 1L;

            @Override
            public Scorer create() throws Exception {
                return new RemoteCitationScorer(new LocalIndexResolver(openIndex(cfg)),
                        new RemoteCitationResolver(cfg.remote), cfg.maxReferences);
            }

            @Override
            public Execution execution() {
                return async;
            }
        };
    }

    private static LocalCitationIndex openIndex(CitationScorerConfig cfg) throws java.io.IOException {
        Path dir = Path.of(cfg.indexDir);
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("citation index not found at " + dir.toAbsolutePath()
                    + ": build it with `citations index --input FILE... --out " + cfg.indexDir + "`");
        }
        return LocalCitationIndex.open(dir);
    }

    /**
     * Creates a branch's scorer in its operator's {@code open()}. A model or index that cannot load will not load
     * after a restart either: the job fails now, with the reason, instead of restarting forever.
     */
    static <S extends Scorer> S createOrFailJob(ScorerFactory factory, Class<S> variant, String operatorName) {
        Scorer scorer;
        try {
            scorer = factory.create();
        } catch (Exception | LinkageError e) {
            throw new org.apache.flink.runtime.execution.SuppressRestartsException(
                    new FatalScorerException("could not create the scorer of " + operatorName
                            + " (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", e));
        }
        if (!variant.isInstance(scorer)) {
            throw new org.apache.flink.runtime.execution.SuppressRestartsException(new FatalScorerException(
                    operatorName + ": " + scorer.getClass().getName() + " is not a " + variant.getSimpleName()
                            + " (the factory's execution mode and its scorer disagree)"));
        }
        return variant.cast(scorer);
    }
}
