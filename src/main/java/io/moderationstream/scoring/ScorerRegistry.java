package io.moderationstream.scoring;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.moderationstream.config.ConfigErrors;
import io.moderationstream.config.ConfigException;
import io.moderationstream.config.ConfigLoader;
import io.moderationstream.config.JobConfig;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * The scorers on the class path ({@link ScorerPlugin}s found with {@link ServiceLoader}), in a fixed order: by
 * {@link ScorerPlugin#order()}, then id. A scorer's position is its bit in the fairness observations, so every
 * subtask of a job, loading the same jar, agrees on it.
 */
public final class ScorerRegistry implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Bits of an int in the fairness observations. */
    public static final int MAX_SCORERS = 31;
    private static volatile ScorerRegistry installed;

    private final List<ScorerPlugin<?, ?>> plugins;
    private final Map<String, Integer> indexById = new HashMap<>();
    private final Map<String, String> scorerByReasonCode = new HashMap<>();
    /** The scorer whose score's distribution the fairness rows carry: the first that declares one, or null. */
    private final ScorerPlugin<?, ?> distributionScorer;

    public ScorerRegistry(List<? extends ScorerPlugin<?, ?>> found) {
        List<ScorerPlugin<?, ?>> sorted = new ArrayList<>(found);
        sorted.sort(Comparator.<ScorerPlugin<?, ?>>comparingInt(ScorerPlugin::order).thenComparing(ScorerPlugin::id));
        if (sorted.size() > MAX_SCORERS) {
            throw new IllegalStateException(sorted.size() + " scorers on the class path; at most " + MAX_SCORERS + " are supported");
        }
        this.plugins = List.copyOf(sorted);
        for (int i = 0; i < plugins.size(); i++) {
            ScorerPlugin<?, ?> p = plugins.get(i);
            if (!p.id().matches("[a-z][a-z0-9_]*")) {
                throw new IllegalStateException("scorer id '" + p.id() + "' of " + p.getClass().getName()
                        + " must be lower-case letters, digits and underscores (it is a config key and a field name)");
            }
            if (indexById.put(p.id(), i) != null) {
                throw new IllegalStateException("two scorers on the class path have the id " + p.id());
            }
            for (Enum<?> code : p.reasonCodes()) {
                String previous = scorerByReasonCode.put(code.name(), p.id());
                if (previous != null) {
                    throw new IllegalStateException("reason code " + code.name() + " is claimed by " + previous + " and " + p.id());
                }
            }
        }
        distributionScorer = plugins.stream().filter(p -> p.fairness().distributionScore() != null).findFirst().orElse(null);
    }

    /** The scorer whose score's distribution (mean, p50, p90, p99) the fairness rows carry, or null. */
    public ScorerPlugin<?, ?> distributionScorer() {
        return distributionScorer;
    }

    /** The scorers this class path provides (loaded once per class loader). */
    public static ScorerRegistry get() {
        ScorerRegistry r = installed;
        if (r == null) {
            List<ScorerPlugin<?, ?>> found = new ArrayList<>();
            for (ScorerPlugin<?, ?> p : ServiceLoader.load(ScorerPlugin.class, ScorerRegistry.class.getClassLoader())) {
                found.add(p);
            }
            r = new ScorerRegistry(found);
            installed = r;
        }
        return r;
    }

    public List<ScorerPlugin<?, ?>> plugins() {
        return plugins;
    }

    public List<String> ids() {
        return plugins.stream().map(ScorerPlugin::id).toList();
    }

    public Optional<ScorerPlugin<?, ?>> byId(String id) {
        Integer i = indexById.get(id);
        return i == null ? Optional.empty() : Optional.of(plugins.get(i));
    }

    /** The scorer's bit position in fairness observations, or -1 for an id this class path does not know. */
    public int index(String id) {
        Integer i = indexById.get(id);
        return i == null ? -1 : i;
    }

    /** The scorer whose content finding a reason code reports, if a registered scorer owns it. */
    public Optional<String> scorerOfReasonCode(CharSequence code) {
        return Optional.ofNullable(scorerByReasonCode.get(code.toString()));
    }

    /** The settings of a scorer: its block in {@code scorers}, or the defaults when the config does not mention it. */
    public JobConfig.ScorerSettings settings(JobConfig config, String id) {
        return config.scorers.getOrDefault(id, new JobConfig.ScorerSettings());
    }

    public boolean enabled(JobConfig config, ScorerPlugin<?, ?> plugin) {
        JobConfig.ScorerSettings settings = settings(config, plugin.id());
        return settings.enabled == null ? plugin.enabledByDefault(settings.options) : settings.enabled;
    }

    /** The enabled scorers, in registry order. */
    public List<ScorerPlugin<?, ?>> enabled(JobConfig config) {
        return plugins.stream().filter(p -> enabled(config, p)).toList();
    }

    /** Each enabled scorer's factory, built from its typed options, in registry order. */
    public Map<String, ScorerFactory> factories(JobConfig config) {
        Map<String, ScorerFactory> factories = new LinkedHashMap<>();
        for (ScorerPlugin<?, ?> p : enabled(config)) {
            factories.put(p.id(), factory(p, settings(config, p.id())));
        }
        return factories;
    }

    private static <O> ScorerFactory factory(ScorerPlugin<O, ?> plugin, JobConfig.ScorerSettings settings) {
        return plugin.factory(options(plugin, settings));
    }

    /** A scorer's options as its typed class; a typo or wrong value is a one-line {@link ConfigException}. */
    public static <O> O options(ScorerPlugin<O, ?> plugin, JobConfig.ScorerSettings settings) {
        String key = "scorers." + plugin.id() + ".options";
        O options;
        try {
            ObjectMapper mapper = ConfigLoader.yamlMapper();
            options = mapper.treeToValue(mapper.valueToTree(settings.options), plugin.optionsType());
        } catch (JsonProcessingException e) {
            throw ConfigErrors.explain(e, "config", key);
        }
        plugin.validate(options, key);
        return options;
    }

    /** The typed options of the scorer {@code id} in this config (for commands that run one scorer outside the job). */
    public <O> O options(JobConfig config, Class<O> type) {
        for (ScorerPlugin<?, ?> p : plugins) {
            if (p.optionsType() == type) {
                return type.cast(options(p, settings(config, p.id())));
            }
        }
        throw new IllegalArgumentException("no registered scorer has options of type " + type.getName());
    }

    /**
     * A scorer's policy block from a thresholds block ({@code policy.defaults} or a tenant's): the keys it owns, the
     * class defaults for the rest, validated. {@code key} names the block in errors.
     */
    public static <P extends PolicyBlock> P policy(ScorerPlugin<?, P> plugin, JobConfig.Thresholds thresholds, String key) {
        ObjectMapper mapper = ConfigLoader.yamlMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        P block;
        try {
            block = mapper.treeToValue(mapper.valueToTree(thresholds.scorerKeys), plugin.policyType());
        } catch (JsonProcessingException e) {
            throw ConfigErrors.explain(e, "config", key);
        }
        block.validate(key);
        return block;
    }

    /** The policy keys every registered scorer owns: what a thresholds block may hold besides its own fields. */
    private Set<String> policyKeys() {
        ObjectMapper mapper = ConfigLoader.yamlMapper();
        Set<String> keys = new LinkedHashSet<>();
        for (ScorerPlugin<?, ?> p : plugins) {
            try {
                Iterator<String> names = mapper.valueToTree(p.policyType().getDeclaredConstructor().newInstance()).fieldNames();
                names.forEachRemaining(keys::add);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("the policy block " + p.policyType().getName() + " of scorer " + p.id()
                        + " needs a public no-argument constructor", e);
            }
        }
        return keys;
    }

    /**
     * Checks the scorer sections of a config: unknown scorers, settings ranges and policy keys. Options are bound when
     * the factories are built (a deployment may fill them from its environment only where it runs).
     */
    public void validate(JobConfig config) {
        for (String id : config.scorers.keySet()) {
            if (!indexById.containsKey(id)) {
                throw new ConfigException("config: unknown key 'scorers." + id + "'; "
                        + ConfigErrors.nearest(id, ids()).map(k -> "did you mean '" + k + "'?").orElse("scorers are " + String.join(", ", ids())));
            }
        }
        for (ScorerPlugin<?, ?> p : plugins) {
            JobConfig.ScorerSettings s = settings(config, p.id());
            String key = "scorers." + p.id();
            check(s.parallelism >= 1, key + ".parallelism is " + s.parallelism + ", expected at least 1");
            check(s.batchSize >= 1, key + ".batch_size is " + s.batchSize + ", expected at least 1");
            check(s.batchTimeout != null && !s.batchTimeout.isNegative() && !s.batchTimeout.isZero(),
                    key + ".batch_timeout is " + s.batchTimeout + ", expected a positive duration (e.g. 30s)");
            check(s.slotSharingGroup != null && !s.slotSharingGroup.isBlank(), key + ".slot_sharing_group must not be empty");
        }
        Set<String> known = policyKeys();
        validatePolicy(config.policy.defaults, "policy.defaults", known);
        config.policy.tenants.forEach((tenant, t) -> validatePolicy(t, "policy.tenants." + tenant, known));
    }

    private void validatePolicy(JobConfig.Thresholds thresholds, String key, Set<String> known) {
        for (String k : thresholds.scorerKeys.keySet()) {
            if (!known.contains(k)) {
                List<String> valid = new ArrayList<>(known);
                valid.add("degraded_action");
                throw new ConfigException("config: unknown key '" + key + "." + k + "'; "
                        + ConfigErrors.nearest(k, valid).map(n -> "did you mean '" + n + "'?")
                        .orElse("valid keys: " + String.join(", ", valid.stream().sorted().toList())));
            }
        }
        for (ScorerPlugin<?, ?> p : plugins) {
            policy(p, thresholds, key);
        }
    }

    private static void check(boolean ok, String problem) {
        if (!ok) {
            throw new ConfigException(problem);
        }
    }
}
