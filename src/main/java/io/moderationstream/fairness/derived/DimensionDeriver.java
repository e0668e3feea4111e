package io.moderationstream.fairness.derived;

import io.moderationstream.config.JobConfig;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The derived fairness dimensions of one completion, as {@code fairness.derived} switches them on: dimension name →
 * the groups the text belongs to (several for mentioned identity, one for language). Built on the task managers by
 * {@link #open()}; the lexicons (shipped, deployment-wide extension, per-tenant extensions) are read there once.
 */
public final class DimensionDeriver implements Serializable {
    private static final long serialVersionUID = 1L;

    private final JobConfig.DerivedDimensionsConfig config;
    private transient IdentityMentions defaultMentions;
    private transient Map<String, IdentityMentions> tenantMentions;

    public DimensionDeriver(JobConfig.DerivedDimensionsConfig config) {
        this.config = config;
    }

    public boolean enabled() {
        return !dimensions().isEmpty();
    }

    /** The names of the dimensions switched on, in {@link DerivedDimension} order. */
    public List<String> dimensions() {
        List<String> on = new java.util.ArrayList<>();
        if (config.mentionedIdentity) {
            on.add(DerivedDimension.MENTIONED_IDENTITY.key);
        }
        if (config.mentionedIdentityCategory) {
            on.add(DerivedDimension.MENTIONED_IDENTITY_CATEGORY.key);
        }
        if (config.language) {
            on.add(DerivedDimension.LANGUAGE.key);
        }
        return on;
    }

    public DimensionDeriver open() {
        try {
            IdentityLexicon lexicon = IdentityLexicon.shipped();
            if (config.extraLexicon != null && !config.extraLexicon.isBlank()) {
                lexicon = lexicon.with(Path.of(config.extraLexicon));
            }
            defaultMentions = new IdentityMentions(lexicon);
            tenantMentions = new HashMap<>();
            for (Map.Entry<String, String> tenant : config.tenantLexicons.entrySet()) {
                tenantMentions.put(tenant.getKey(), new IdentityMentions(lexicon.with(Path.of(tenant.getValue()))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("an identity lexicon cannot be read: " + e.getMessage(), e);
        }
        return this;
    }

    /** Dimension name → groups, in {@link DerivedDimension} order; a dimension with no group is left out. */
    public Map<String, List<String>> derive(String tenantId, String text) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (config.mentionedIdentity || config.mentionedIdentityCategory) {
            IdentityMentions mentions = tenantId == null ? defaultMentions : tenantMentions.getOrDefault(tenantId, defaultMentions);
            IdentityMentions.Mentions found = mentions.find(text);
            if (config.mentionedIdentity && !found.terms().isEmpty()) {
                out.put(DerivedDimension.MENTIONED_IDENTITY.key, List.copyOf(found.terms()));
            }
            if (config.mentionedIdentityCategory && !found.categories().isEmpty()) {
                out.put(DerivedDimension.MENTIONED_IDENTITY_CATEGORY.key, List.copyOf(found.categories()));
            }
        }
        if (config.language) {
            out.put(DerivedDimension.LANGUAGE.key, List.of(LanguageDetection.detect(text)));
        }
        return out;
    }
}
