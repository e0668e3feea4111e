package io.moderationstream.verdict;

import io.moderationstream.avro.Decision;
import io.moderationstream.avro.Reason;
import io.moderationstream.avro.ScorerResult;
import io.moderationstream.avro.ScorerStatus;
import io.moderationstream.config.JobConfig;
import io.moderationstream.scoring.Finding;
import io.moderationstream.scoring.PolicyBlock;
import io.moderationstream.scoring.ScorerPlugin;
import io.moderationstream.scoring.ScorerRegistry;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns scorer results into ALLOW / REVIEW / BLOCK with reasons, using the tenant's thresholds or the default ones.
 * Each scorer's rules are its own ({@link ScorerPlugin#decide}); the decision is the most severe outcome any rule asks
 * for, and a scorer without a usable answer asks for {@code degraded_action}.
 */
public class DecisionPolicy implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String version;
    private final ScorerRegistry registry;
    private final Thresholds defaults;
    private final Map<String, Thresholds> tenants = new LinkedHashMap<>();

    /** One tenant's (or the default) thresholds, each scorer's block typed and validated. */
    public record Thresholds(Decision degradedAction, Map<String, PolicyBlock> blocks) implements Serializable {
        /** The typed block of one scorer. */
        public <P extends PolicyBlock> P of(ScorerPlugin<?, P> plugin) {
            return plugin.policyType().cast(blocks.get(plugin.id()));
        }
    }

    public DecisionPolicy(JobConfig.PolicyConfig config) {
        this(config, ScorerRegistry.get());
    }

    public DecisionPolicy(JobConfig.PolicyConfig config, ScorerRegistry registry) {
        this.version = config.version;
        this.registry = registry;
        this.defaults = resolve(config.defaults, "policy.defaults");
        config.tenants.forEach((tenant, t) -> tenants.put(tenant, resolve(t, "policy.tenants." + tenant)));
    }

    private Thresholds resolve(JobConfig.Thresholds t, String key) {
        Map<String, PolicyBlock> blocks = new LinkedHashMap<>();
        for (ScorerPlugin<?, ?> p : registry.plugins()) {
            blocks.put(p.id(), ScorerRegistry.policy(p, t, key));
        }
        return new Thresholds(t.degradedAction, blocks);
    }

    public String version() {
        return version;
    }

    public Thresholds thresholdsFor(String tenant) {
        return tenants.getOrDefault(tenant, defaults);
    }

    /** The decision, its reasons, and the redacted completion a scorer's policy asked for (null when none did). */
    public record Outcome(Decision decision, List<Reason> reasons, String redactedCompletion) {}

    /** Decides on the results of the scorers, by scorer id (a scorer absent from the map is not judged). */
    public Outcome decide(String tenant, Map<String, ScorerResult> results) {
        Thresholds t = thresholdsFor(tenant);
        List<Reason> reasons = new ArrayList<>();
        Decision decision = Decision.ALLOW;
        for (ScorerResult r : results.values()) {
            if (r.getStatus() == ScorerStatus.DEGRADED || r.getStatus() == ScorerStatus.ERROR) {
                ReasonCode code = r.getStatus() == ScorerStatus.DEGRADED ? ReasonCode.SCORER_DEGRADED : ReasonCode.SCORER_ERROR;
                reasons.add(reason(code.name(), r.getScorer().toString(), r.getScorer() + " " + r.getStatus().name().toLowerCase(Locale.ROOT)
                        + (r.getMessage() == null ? "" : ": " + r.getMessage())));
                decision = max(decision, t.degradedAction());
            }
        }
        String redacted = null;
        for (ScorerPlugin<?, ?> plugin : registry.plugins()) {
            ScorerResult r = results.get(plugin.id());
            if (r == null || r.getStatus() != ScorerStatus.OK) {
                continue;
            }
            for (Finding f : findings(plugin, r, t)) {
                reasons.add(reason(f.code().name(), plugin.id(), f.text()));
                decision = max(decision, f.decision());
            }
            if (redacted == null) {
                redacted = redaction(plugin, r, t);
            }
        }
        return new Outcome(decision, reasons, redacted);
    }

    private static <P extends PolicyBlock> List<Finding> findings(ScorerPlugin<?, P> plugin, ScorerResult result, Thresholds t) {
        return plugin.decide(result, t.of(plugin));
    }

    private static <P extends PolicyBlock> String redaction(ScorerPlugin<?, P> plugin, ScorerResult result, Thresholds t) {
        return plugin.redactedCompletion(result, t.of(plugin));
    }

    private static Reason reason(String code, String scorer, String text) {
        return Reason.newBuilder().setCode(code).setScorer(scorer).setText(text).build();
    }

    private static Decision max(Decision a, Decision b) {
        return a.ordinal() >= b.ordinal() ? a : b;
    }
}
