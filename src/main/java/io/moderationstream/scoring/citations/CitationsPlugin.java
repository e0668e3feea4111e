package io.moderationstream.scoring.citations;

import io.moderationstream.avro.Decision;
import io.moderationstream.avro.ScorerResult;
import io.moderationstream.config.ConfigException;
import io.moderationstream.scoring.FairnessSignals;
import io.moderationstream.scoring.Finding;
import io.moderationstream.scoring.PolicyBlock;
import io.moderationstream.scoring.Scorer;
import io.moderationstream.scoring.ScorerFactory;
import io.moderationstream.scoring.ScorerPlugin;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The citation checker as a plug-in: references extracted and looked up in the local index (and remote services). */
public final class CitationsPlugin implements ScorerPlugin<CitationScorerConfig, CitationsPlugin.Policy> {
    private static final long serialVersionUID = 1L;
    public static final String ID = "citations";

    /** Why a verdict is flagged for its citations. */
    public enum Reason { FABRICATED_CITATION }

    /** {@code policy.defaults.citation_review} / {@code citation_block}: thresholds on {@code fabricated_citation}. */
    public static final class Policy implements PolicyBlock {
        private static final long serialVersionUID = 1L;
        public double citationReview = 0.5;
        public double citationBlock = 0.95;

        @Override
        public void validate(String key) {
            PolicyBlock.requireProbability(key + ".citation_review", citationReview);
            PolicyBlock.requireProbability(key + ".citation_block", citationBlock);
            if (citationReview > citationBlock) {
                throw new ConfigException(key + ".citation_review (" + citationReview + ") is above citation_block ("
                        + citationBlock + "); review must come first");
            }
        }
    }

    @Override
    public void validate(CitationScorerConfig options, String key) {
        RemoteResolverConfig remote = options.remote;
        if (!(remote.requestsPerSecond > 0)) {
            throw new ConfigException(key + ".remote.requests_per_second is " + remote.requestsPerSecond
                    + ", expected > 0 (OpenAlex allows 10 per second in all; divide by the branch's parallelism)");
        }
        if (remote.maxAttempts < 1 || remote.cacheEntries < 0) {
            throw new ConfigException(key + ".remote: max_attempts must be at least 1 and cache_entries at least 0");
        }
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public int order() {
        return 20;
    }

    @Override
    public Class<CitationScorerConfig> optionsType() {
        return CitationScorerConfig.class;
    }

    /** The local index alone (batched), or with remote look-ups through Async I/O when {@code remote.enabled}. */
    @Override
    public ScorerFactory factory(CitationScorerConfig cfg) {
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

    @Override
    public Class<Policy> policyType() {
        return Policy.class;
    }

    @Override
    public List<Finding> decide(ScorerResult citations, Policy t) {
        double fab = citations.getScores().getOrDefault("fabricated_citation", 0.0);
        if (fab < t.citationReview) {
            return List.of();
        }
        int notFound = citations.getScores().getOrDefault("not_found", 0.0).intValue();
        int mismatch = citations.getScores().getOrDefault("mismatch", 0.0).intValue();
        return List.of(new Finding(Reason.FABRICATED_CITATION, fab >= t.citationBlock ? Decision.BLOCK : Decision.REVIEW,
                String.format(Locale.ROOT, "likely fabricated citations (score %.2f): %d not found, %d mismatched", fab, notFound, mismatch)));
    }

    @Override
    public List<Reason> reasonCodes() {
        return List.of(Reason.values());
    }

    @Override
    public FairnessSignals fairness() {
        return new FairnessSignals("citation_flagged", "citing", "fabricated_citation_rate", null);
    }
}
