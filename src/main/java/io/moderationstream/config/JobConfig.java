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
    public DeliveryGuarantee delivery = DeliveryGuarantee.EXACTLY_ONCE;
    public Checkpointing checkpointing = new Checkpointing();
    public Limits limits = new Limits();
    public MergeConfig merge = new MergeConfig();
    public Scorers scorers = new Scorers();
    public PolicyConfig policy = new PolicyConfig();
    public FairnessConfig fairness = new FairnessConfig();
    /** Restarts allowed before the job fails (fixed-delay strategy); 0 disables restarts. */
    public int restartAttempts = 10;
    public Duration restartDelay = Duration.ofSeconds(2);

    public enum DeliveryGuarantee { EXACTLY_ONCE, AT_LEAST_ONCE }

    public static class KafkaConfig implements Serializable {
        private static final long serialVersionUID = 1L;
        public String bootstrapServers = "localhost:9092";
        public String groupId = "moderation-stream";
        /** Where a new consumer group starts: earliest or latest. */
        public String startingOffsets = "earliest";
        /** Must stay below the broker's transaction.max.timeout.ms (15 min by default). */
        public Duration transactionTimeout = Duration.ofMinutes(5);
        public String transactionalIdPrefix = "moderation-stream";
        /** Passed to every Kafka client unchanged: security.protocol, sasl.*, ssl.*, ... */
        public Map<String, String> properties = new LinkedHashMap<>();
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
    }

    public static class Checkpointing implements Serializable {
        private static final long serialVersionUID = 1L;
        public Duration interval = Duration.ofSeconds(10);
        public Duration minPause = Duration.ofSeconds(1);
        public Duration timeout = Duration.ofMinutes(2);
        /** Directory or object-store URI for checkpoints; null means a directory under java.io.tmpdir (local runs). */
        public String storage;
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
    }

    public static class MergeConfig implements Serializable {
        private static final long serialVersionUID = 1L;
        /** How long event ids are remembered to reject duplicates (state TTL). */
        public Duration dedupRetention = Duration.ofHours(24);
        /** A scorer that has not answered this long after the event reached the merge is marked DEGRADED. */
        public Duration timeout = Duration.ofSeconds(30);
        /** How long an emitted verdict's key is remembered to drop late partial scores instead of re-emitting. */
        public Duration lateResultRetention = Duration.ofMinutes(10);
    }

    public static class ScorerSettings implements Serializable {
        private static final long serialVersionUID = 1L;
        public boolean enabled = true;
        public int parallelism = 1;
        public String slotSharingGroup = "default";
        /** Micro-batch: score when this many events wait ... */
        public int batchSize = 1;
        /** ... or when the oldest has waited this long. */
        public Duration batchTimeout = Duration.ofMillis(20);
        /** Scorer-specific options (model paths, thresholds, index locations, ...). */
        public Map<String, Object> options = new LinkedHashMap<>();
    }

    public static class Scorers implements Serializable {
        private static final long serialVersionUID = 1L;
        public ScorerSettings toxicity = new ScorerSettings();
        public ScorerSettings citations = new ScorerSettings();
        public ScorerSettings watermark = new ScorerSettings();
    }

    public static class PolicyConfig implements Serializable {
        private static final long serialVersionUID = 1L;
        public String version = "v1";
        public Thresholds defaults = new Thresholds();
        /** Per-tenant overrides; a tenant not listed uses {@link #defaults}. */
        public Map<String, Thresholds> tenants = new LinkedHashMap<>();
    }

    public static class Thresholds implements Serializable {
        private static final long serialVersionUID = 1L;
        public double toxicityReview = 0.5;
        public double toxicityBlock = 0.85;
        public double citationReview = 0.5;
        public double citationBlock = 0.95;
        /** What a detected watermark does to the decision: ALLOW (report only), REVIEW or BLOCK. */
        public String watermarkAction = "REVIEW";
        /** What a DEGRADED or ERROR scorer does to the decision. */
        public String degradedAction = "REVIEW";
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
    }
}
