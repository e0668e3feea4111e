package io.moderationstream.config;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole job configuration: one typed object, loaded from a YAML file in {@code jobs/} by {@link ConfigLoader}
 * and overridable from the command line. YAML keys are the snake_case form of the field names.
 */
public class JobConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    public String jobName = "moderation-stream";
    public KafkaConfig kafka = new KafkaConfig();
    public Topics topics = new Topics();
    public Serialization serialization = new Serialization();
    public Sinks sinks = new Sinks();
    public DeliveryGuarantee delivery = DeliveryGuarantee.EXACTLY_ONCE;
    public Checkpointing checkpointing = new Checkpointing();
    public Limits limits = new Limits();
    public MergeConfig merge = new MergeConfig();
    /** Each scorer's settings by its id; a scorer the file does not mention runs with the defaults (see {@link ConfigSection}). */
    public Map<String, ScorerSettings> scorers = new LinkedHashMap<>();
    public PolicyConfig policy = new PolicyConfig();
    public FairnessConfig fairness = new FairnessConfig();
    /** Restarts allowed before the job fails (fixed-delay strategy); 0 disables restarts. */
    public int restartAttempts = 10;
    public Duration restartDelay = Duration.ofSeconds(2);

    public enum DeliveryGuarantee { EXACTLY_ONCE, AT_LEAST_ONCE }

    public enum StartingOffsets { EARLIEST, LATEST }

    public static class KafkaConfig implements Serializable {
        private static final long serialVersionUID = 1L;
        public String bootstrapServers = "localhost:9092";
        public String groupId = "moderation-stream";
        /** Where a new consumer group starts: earliest or latest. */
        public StartingOffsets startingOffsets = StartingOffsets.EARLIEST;
        /** Must stay below the broker's transaction.max.timeout.ms (15 min by default). */
        public Duration transactionTimeout = Duration.ofMinutes(5);
        public String transactionalIdPrefix = "moderation-stream";
        /** Passed to every Kafka client unchanged: security.protocol, sasl.*, ssl.*, ... */
        public Map<String, String> properties = new LinkedHashMap<>();

        void validate(Checks c) {
            c.notBlank("kafka.bootstrap_servers", bootstrapServers);
            c.notBlank("kafka.group_id", groupId);
            c.positive("kafka.transaction_timeout", transactionTimeout);
            c.check(transactionTimeout.compareTo(Duration.ofMinutes(15)) <= 0, "kafka.transaction_timeout",
                    "is " + transactionTimeout + ", above the broker's default transaction.max.timeout.ms (15 min); lower it");
        }
    }

    public static class Topics implements Serializable {
        private static final long serialVersionUID = 1L;
        public String events = "generated-content";
        public String labels = "labels";
        public String verdicts = "verdicts";
        public String review = "review";
        public String fairness = "fairness-stats";
        public String alerts = "alerts";
        public String deadLetter = "dead-letter";
        /** Slice definitions (control topic, compacted, keyed by slice_id): what auditors ask the job to watch. */
        public String slices = "fairness-slices";
        /** Evaluated slices per window. */
        public String sliceResults = "slice-results";

        /** Every topic by its config key: the one list that validation, topic creation and deployment read. */
        public Map<String, String> byKey() {
            Map<String, String> all = new LinkedHashMap<>();
            all.put("topics.events", events);
            all.put("topics.labels", labels);
            all.put("topics.verdicts", verdicts);
            all.put("topics.review", review);
            all.put("topics.fairness", fairness);
            all.put("topics.alerts", alerts);
            all.put("topics.dead_letter", deadLetter);
            all.put("topics.slices", slices);
            all.put("topics.slice_results", sliceResults);
            return all;
        }

        /** The data inputs (events and late labels): sized for the largest record the job accepts. */
        public List<String> inputs() {
            return List.of(events, labels);
        }

        /** Everything the job writes. */
        public List<String> outputs() {
            return List.of(verdicts, review, fairness, alerts, deadLetter, sliceResults);
        }
    }

    /** How the output topics are written; input accepts every format whatever this says. */
    public static class Serialization implements Serializable {
        private static final long serialVersionUID = 1L;
        /** single-object (Avro, the default), json, or registry (Confluent wire format through a schema registry). */
        public io.moderationstream.io.WireFormat format = io.moderationstream.io.WireFormat.SINGLE_OBJECT;
        /**
         * The schema registry (Apicurio Registry 3.x: its base URL, e.g. http://registry:8080/apis/registry/v3): needed
         * by format registry, and to read registry-framed input whatever the format.
         */
        public String registryUrl;

        /** A codec for registry-framed records, or null without a registry. */
        public io.moderationstream.io.RegistryCodec registry() {
            return registryUrl == null || registryUrl.isBlank() ? null : new io.moderationstream.io.RegistryCodec(registryUrl);
        }

        void validate(Checks c) {
            c.check(format != io.moderationstream.io.WireFormat.REGISTRY || (registryUrl != null && !registryUrl.isBlank()),
                    "serialization.registry_url", "must be set when serialization.format is registry (e.g. http://localhost:8081/apis/registry/v3)");
        }
    }

    /** Outputs besides the Kafka topics. */
    public static class Sinks implements Serializable {
        private static final long serialVersionUID = 1L;
        public ParquetSink parquet = new ParquetSink();
    }

    /** Parquet files of verdicts and fairness statistics, Hive-style partitioned by event date and hour. */
    public static class ParquetSink implements Serializable {
        private static final long serialVersionUID = 1L;
        /** A directory or an s3:// URI; verdicts/ and fairness/ go under it. Null: no Parquet output. */
        public String path;
    }

    public static class Checkpointing implements Serializable {
        private static final long serialVersionUID = 1L;
        public Duration interval = Duration.ofSeconds(10);
        public Duration minPause = Duration.ofSeconds(1);
        public Duration timeout = Duration.ofMinutes(2);
        /** Directory or object-store URI for checkpoints; null means a directory under java.io.tmpdir (local runs). */
        public String storage;

        void validate(Checks c) {
            c.positive("checkpointing.interval", interval);
            c.nonNegative("checkpointing.min_pause", minPause);
            c.positive("checkpointing.timeout", timeout);
        }
    }

    public static class Limits implements Serializable {
        private static final long serialVersionUID = 1L;
        public int maxRecordBytes = 2 * 1024 * 1024;
        public int maxCompletionChars = 200_000;
        public int maxPromptChars = 200_000;
        public int maxTokens = 65_536;
        public int maxIdChars = 256;
        /** Raw bytes kept in a dead letter; the rest is cut so the DLQ record fits Kafka's default 1 MB request size. */
        public int maxDeadLetterBytes = 900_000;
        /**
         * How far ahead of the job's clock created_at / labelled_at may be: one event from the far future would
         * otherwise advance the fairness watermark and make every later event late.
         */
        public Duration maxClockSkew = Duration.ofHours(1);

        /**
         * What input topics and producers must accept (topic max.message.bytes, producer max.request.size): the
         * job's own limit plus room for Kafka's record and batch framing, so that an oversized record reaches the
         * job and is dead-lettered TOO_LARGE instead of being refused, unseen, by the broker.
         */
        public int kafkaMaxRecordBytes() {
            return maxRecordBytes + 64 * 1024;
        }

        void validate(Checks c) {
            c.atLeast("limits.max_record_bytes", maxRecordBytes, 1024);
            c.atLeast("limits.max_completion_chars", maxCompletionChars, 1);
            c.atLeast("limits.max_prompt_chars", maxPromptChars, 1);
            c.atLeast("limits.max_tokens", maxTokens, 1);
            c.atLeast("limits.max_id_chars", maxIdChars, 1);
            c.atLeast("limits.max_dead_letter_bytes", maxDeadLetterBytes, 1);
            c.nonNegative("limits.max_clock_skew", maxClockSkew);
        }
    }

    public static class MergeConfig implements Serializable {
        private static final long serialVersionUID = 1L;
        /** How long event ids are remembered to reject duplicates (state TTL). */
        public Duration dedupRetention = Duration.ofHours(24);
        /** A scorer that has not answered this long after the event reached the merge is marked DEGRADED. */
        public Duration timeout = Duration.ofSeconds(30);
        /** How long an emitted verdict's key is remembered to drop late partial scores instead of re-emitting. */
        public Duration lateResultRetention = Duration.ofMinutes(10);

        void validate(Checks c) {
            c.positive("merge.timeout", timeout);
            c.positive("merge.dedup_retention", dedupRetention);
            c.positive("merge.late_result_retention", lateResultRetention);
        }
    }

    /** One scorer's branch: whether it runs, its parallelism and slots, its micro-batches and its own options. */
    public static class ScorerSettings implements Serializable {
        private static final long serialVersionUID = 1L;
        /**
         * Null: the scorer's own default ({@code ScorerPlugin.enabledByDefault(options)}: most run unless disabled, some
         * only when their options name a resource).
         */
        public Boolean enabled;
        public int parallelism = 1;
        public String slotSharingGroup = "default";
        /** Micro-batch: score when this many events wait ... */
        public int batchSize = 1;
        /** ... or when the oldest has waited this long. */
        public Duration batchTimeout = Duration.ofMillis(20);
        /** Scorer-specific options (model paths, thresholds, index locations, ...). */
        public Map<String, Object> options = new LinkedHashMap<>();
    }

    public static class PolicyConfig implements Serializable {
        private static final long serialVersionUID = 1L;
        public String version = "v1";
        public Thresholds defaults = new Thresholds();
        /** Per-tenant overrides; a tenant not listed uses {@link #defaults}. */
        public Map<String, Thresholds> tenants = new LinkedHashMap<>();

        /** The policy's own key; the scorers' keys are each scorer's to check. */
        void validate(Checks c) {
            c.check(defaults.degradedAction != null, "policy.defaults.degraded_action", "must be ALLOW, REVIEW or BLOCK");
            tenants.forEach((tenant, t) -> c.check(t.degradedAction != null, "policy.tenants." + tenant + ".degraded_action",
                    "must be ALLOW, REVIEW or BLOCK"));
        }
    }

    /**
     * One set of thresholds (the defaults, or a tenant's). Besides {@code degraded_action} every key belongs to a
     * scorer ({@code toxicity_review}, {@code citation_block}, ...): each scorer binds and validates its own keys as
     * its typed policy block, and a key no scorer owns is an error ({@link ConfigSection}).
     */
    public static class Thresholds implements Serializable {
        private static final long serialVersionUID = 1L;
        /** What a DEGRADED or ERROR scorer does to the decision. */
        public io.moderationstream.avro.Decision degradedAction = io.moderationstream.avro.Decision.REVIEW;
        /** The scorers' keys, as written (snake_case). */
        @com.fasterxml.jackson.annotation.JsonIgnore
        public Map<String, Object> scorerKeys = new LinkedHashMap<>();

        @com.fasterxml.jackson.annotation.JsonAnySetter
        public void scorerKey(String key, Object value) {
            scorerKeys.put(key, value);
        }

        @com.fasterxml.jackson.annotation.JsonAnyGetter
        public Map<String, Object> scorerKeys() {
            return scorerKeys;
        }
    }

    public static class FairnessConfig implements Serializable {
        private static final long serialVersionUID = 1L;
        /** Dimensions of the event's groups map to aggregate; empty means every dimension seen. */
        public List<String> dimensions = new ArrayList<>();
        /** Pairs of dimensions to aggregate jointly, e.g. [gender, dialect]. */
        public List<List<String>> intersections = new ArrayList<>();
        public boolean perTenant = false;
        public boolean perModel = false;
        public Duration windowSize = Duration.ofMinutes(5);
        /** Null for tumbling windows; otherwise the slide of sliding windows. */
        public Duration windowSlide;
        public Duration allowedLateness = Duration.ofMinutes(30);
        public Duration outOfOrderness = Duration.ofSeconds(30);
        public Duration idleness = Duration.ofMinutes(1);
        /** How long a verdict waits for its label, and a label for its verdict. */
        public Duration labelJoinTtl = Duration.ofHours(24);
        /** Groups with fewer verdicts are reported but never alerted on. */
        public int minSample = 30;
        /** Four-fifths rule: a favourable-outcome ratio below this is a disparity. */
        public double disparityThreshold = 0.8;
        /** An alert resolves only once the ratio is back above threshold + hysteresis. */
        public double hysteresis = 0.05;
        /** z for the Wilson intervals (1.96 = 95 %). */
        public double confidenceZ = 1.96;
        /** Slice definitions to evaluate from the start (JSON lines, SliceDefinition field names); the slices topic adds and overrides. */
        public String slicesFile;
        /** False discovery rate of the slices' DISPARITY status (Benjamini–Hochberg within a window). */
        public double sliceFalseDiscoveryRate = 0.05;
        /** Worst-slice discovery over each closed window. */
        public DiscoveryConfig discovery = new DiscoveryConfig();
        /** Dimensions derived from the completion itself, for streams whose events carry no groups. */
        public DerivedDimensionsConfig derived = new DerivedDimensionsConfig();

        void validate(Checks c) {
            c.positive("fairness.window_size", windowSize);
            if (windowSlide != null) {
                c.positive("fairness.window_slide", windowSlide);
                c.check(windowSlide.compareTo(windowSize) <= 0, "fairness.window_slide",
                        "is longer than fairness.window_size; a slide must not skip events");
            }
            c.nonNegative("fairness.allowed_lateness", allowedLateness);
            c.nonNegative("fairness.out_of_orderness", outOfOrderness);
            c.positive("fairness.idleness", idleness);
            c.positive("fairness.label_join_ttl", labelJoinTtl);
            c.atLeast("fairness.min_sample", minSample, 1);
            c.check(disparityThreshold > 0 && disparityThreshold <= 1, "fairness.disparity_threshold",
                    "is " + disparityThreshold + ", expected a ratio in (0, 1] (0.8 is the four-fifths rule)");
            c.check(hysteresis >= 0 && hysteresis < 1, "fairness.hysteresis", "is " + hysteresis + ", expected [0, 1)");
            c.check(confidenceZ > 0, "fairness.confidence_z", "is " + confidenceZ + ", expected > 0 (1.96 = 95 %)");
            c.check(sliceFalseDiscoveryRate > 0 && sliceFalseDiscoveryRate < 1, "fairness.slice_false_discovery_rate",
                    "is " + sliceFalseDiscoveryRate + ", expected a rate in (0, 1) (0.05 is usual)");
            discovery.validate(c);
            derived.validate(c);
            for (List<String> pair : intersections) {
                c.check(pair.size() == 2, "fairness.intersections", "holds " + pair + "; each intersection is a pair of dimensions");
            }
        }
    }

    /**
     * In-stream worst-slice discovery: per window, verdicts are counted per combination of attribute values (group
     * dimensions, tenant, model); when the window closes every conjunction of up to max_order values is ranked and
     * the top_k per metric go to the slice-results topic with source DISCOVERED.
     */
    /**
     * Fairness dimensions the stream derives from each completion before the windows (fairness.derived): the identity
     * terms it mentions and their categories, and its language. An event's own groups win over a derived dimension
     * of the same name.
     */
    public static class DerivedDimensionsConfig implements Serializable {
        private static final long serialVersionUID = 1L;
        public boolean mentionedIdentity = true;
        public boolean mentionedIdentityCategory = true;
        public boolean language = true;
        /** Terms added to the shipped lexicon for every tenant (same tab-separated format). */
        public String extraLexicon;
        /** Terms added for one tenant only: tenant id → lexicon file. */
        public Map<String, String> tenantLexicons = new LinkedHashMap<>();

        void validate(Checks c) {
            if (extraLexicon != null && !extraLexicon.isBlank()) {
                c.check(java.nio.file.Files.isRegularFile(java.nio.file.Path.of(extraLexicon)), "fairness.derived.extra_lexicon",
                        "is " + extraLexicon + ", which is not a readable file (tab-separated: term, category, variants)");
            }
            tenantLexicons.forEach((tenant, file) -> c.check(file != null && java.nio.file.Files.isRegularFile(java.nio.file.Path.of(file)),
                    "fairness.derived.tenant_lexicons." + tenant, "is " + file + ", which is not a readable file"));
        }
    }

    public static class DiscoveryConfig implements Serializable {
        private static final long serialVersionUID = 1L;
        public boolean enabled = true;
        public int maxOrder = 2;
        public List<io.moderationstream.fairness.slices.SliceMetric> metrics =
                new ArrayList<>(List.of(io.moderationstream.fairness.slices.SliceMetric.values()));
        /** Slices with fewer trials of a metric are not ranked. */
        public int minSample = 30;
        public int topK = 10;
        /** At most this many attribute combinations are counted per window (the state bound). */
        public int maxCells = 100_000;

        void validate(Checks c) {
            c.check(maxOrder >= 1 && maxOrder <= 3, "fairness.discovery.max_order",
                    "is " + maxOrder + ", expected 1, 2 or 3 (the slices per verdict grow as C(attributes, order))");
            c.check(!enabled || !metrics.isEmpty(), "fairness.discovery.metrics",
                    "is empty; list flag_rate, fpr or fnr, or set fairness.discovery.enabled: false");
            c.atLeast("fairness.discovery.min_sample", minSample, 1);
            c.atLeast("fairness.discovery.top_k", topK, 1);
            c.atLeast("fairness.discovery.max_cells", maxCells, 1);
        }
    }

    /** Ranges the types cannot express; the first violation is a {@link ConfigException} naming its key. */
    public void validate() {
        Checks c = new Checks();
        c.notBlank("job_name", jobName);
        kafka.validate(c);
        topics.byKey().forEach(c::notBlank);
        serialization.validate(c);
        checkpointing.validate(c);
        limits.validate(c);
        merge.validate(c);
        policy.validate(c);
        fairness.validate(c);
        c.atLeast("restart_attempts", restartAttempts, 0);
        c.nonNegative("restart_delay", restartDelay);
        // Sections owned by other packages (the scorers' settings and policy keys) validate themselves.
        for (ConfigSection section : java.util.ServiceLoader.load(ConfigSection.class, JobConfig.class.getClassLoader())) {
            section.validate(this);
        }
    }

    /** Collects nothing: throws at the first violation, with the key and the fix. */
    private static final class Checks {
        void check(boolean ok, String key, String problem) {
            if (!ok) {
                throw new ConfigException(key + " " + problem);
            }
        }

        void notBlank(String key, String value) {
            check(value != null && !value.isBlank(), key, "must not be empty");
        }

        void positive(String key, Duration d) {
            check(d != null && !d.isNegative() && !d.isZero(), key, "is " + d + ", expected a positive duration (e.g. 30s)");
        }

        void nonNegative(String key, Duration d) {
            check(d != null && !d.isNegative(), key, "is " + d + ", expected a duration of zero or more");
        }

        void atLeast(String key, long value, long min) {
            check(value >= min, key, "is " + value + ", expected at least " + min);
        }
    }
}
