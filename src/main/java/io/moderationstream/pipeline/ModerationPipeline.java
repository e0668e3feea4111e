package io.moderationstream.pipeline;

import io.moderationstream.avro.Alert;
import io.moderationstream.avro.DeadLetter;
import io.moderationstream.avro.Decision;
import io.moderationstream.avro.FairnessStats;
import io.moderationstream.avro.Label;
import io.moderationstream.avro.SliceDefinition;
import io.moderationstream.avro.SliceResult;
import io.moderationstream.avro.Verdict;
import io.moderationstream.config.ConfigException;
import io.moderationstream.config.JobConfig;
import io.moderationstream.fairness.DisparityAlerts;
import io.moderationstream.fairness.DisparityCalculator;
import io.moderationstream.fairness.EmitGroupWindow;
import io.moderationstream.fairness.ExplodeGroups;
import io.moderationstream.fairness.FairnessWindows;
import io.moderationstream.fairness.GroupCountsAggregate;
import io.moderationstream.fairness.GroupObservation;
import io.moderationstream.fairness.GroupWindowStats;
import io.moderationstream.fairness.LabelJoin;
import io.moderationstream.fairness.Observation;
import io.moderationstream.fairness.derived.DimensionDeriver;
import io.moderationstream.fairness.slices.AssignSliceWindows;
import io.moderationstream.fairness.slices.SliceDefinitions;
import io.moderationstream.fairness.slices.SliceEvaluator;
import io.moderationstream.fairness.slices.ValidateSlices;
import io.moderationstream.io.DeadLetters;
import io.moderationstream.io.DeduplicateEvents;
import io.moderationstream.io.KafkaIO;
import io.moderationstream.io.ParquetSinks;
import io.moderationstream.io.RawRecord;
import io.moderationstream.io.SchemaRegistration;
import io.moderationstream.io.ValidateEvents;
import io.moderationstream.io.WireFormat;
import io.moderationstream.io.ValidateLabels;
import io.moderationstream.io.ValidatedEvent;
import io.moderationstream.scoring.PartialScore;
import io.moderationstream.scoring.ScorerFactory;
import io.moderationstream.scoring.ScorerRegistry;
import io.moderationstream.scoring.ScoringBranches;
import io.moderationstream.verdict.DecisionPolicy;
import io.moderationstream.verdict.MergeInput;
import io.moderationstream.verdict.VerdictMerger;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The one place that builds the job graph. {@link #defineWorkflow} holds the logic (raw records in, typed outputs
 * out) and is what tests drive with bounded input; {@link #build} wires it between the Kafka source and sinks.
 * Every operator has a stable uid: renaming one breaks savepoint compatibility.
 */
public final class ModerationPipeline {
    private final JobConfig config;
    /** The branches to build, by scorer id (normally {@link ScorerRegistry#factories}; tests may swap one). */
    private final Map<String, ScorerFactory> scorers;

    public ModerationPipeline(JobConfig config, Map<String, ScorerFactory> scorers) {
        this.config = config;
        this.scorers = scorers;
    }

    /** The pipeline with every enabled scorer's branch, as the config asks. */
    public static ModerationPipeline of(JobConfig config) {
        return new ModerationPipeline(config, ScorerRegistry.get().factories(config));
    }

    /** The job's outputs, before they reach the sinks. */
    public record Outputs(DataStream<Verdict> verdicts, DataStream<Verdict> review, DataStream<FairnessStats> fairness,
                          DataStream<Alert> alerts, DataStream<SliceResult> sliceResults, DataStream<DeadLetter> deadLetters) {}

    /** Reads from and writes to Kafka. {@code bounded} stops at the offsets current at start (replay, demo). */
    public void build(StreamExecutionEnvironment env, boolean bounded) {
        DataStream<RawRecord> events = env
                .fromSource(KafkaIO.source(config, config.topics.events, "", bounded), WatermarkStrategy.noWatermarks(), "events-source")
                .uid("events-source");
        DataStream<RawRecord> labels = env
                .fromSource(KafkaIO.source(config, config.topics.labels, "-labels", bounded), WatermarkStrategy.noWatermarks(), "labels-source")
                .uid("labels-source");
        DataStream<RawRecord> slices = env
                .fromSource(KafkaIO.source(config, config.topics.slices, "-slices", bounded), WatermarkStrategy.noWatermarks(), "slices-source")
                .uid("slices-source");
        Outputs out = defineWorkflow(events, labels, slices);
        out.verdicts().sinkTo(KafkaIO.sink(config, config.topics.verdicts, Verdict.class, Verdict::getEventId, "verdicts"))
                .name("verdicts-sink").uid("verdicts-sink");
        out.review().sinkTo(KafkaIO.sink(config, config.topics.review, Verdict.class, Verdict::getEventId, "review"))
                .name("review-sink").uid("review-sink");
        out.fairness().sinkTo(KafkaIO.sink(config, config.topics.fairness, FairnessStats.class,
                        io.moderationstream.fairness.FairnessKey::of, "fairness"))
                .name("fairness-sink").uid("fairness-sink");
        out.alerts().sinkTo(KafkaIO.sink(config, config.topics.alerts, Alert.class, Alert::getAlertId, "alerts"))
                .name("alerts-sink").uid("alerts-sink");
        out.deadLetters().sinkTo(KafkaIO.sink(config, config.topics.deadLetter, DeadLetter.class, DeadLetter::getEventId, "dlq"))
                .name("dead-letter-sink").uid("dead-letter-sink");
        out.sliceResults().sinkTo(KafkaIO.sink(config, config.topics.sliceResults, SliceResult.class, SliceResult::getSliceId, "slices"))
                .name("slice-results-sink").uid("slice-results-sink");
        String parquet = config.sinks.parquet.path;
        if (parquet != null && !parquet.isBlank()) {
            String base = parquet.endsWith("/") ? parquet : parquet + "/";
            out.verdicts().sinkTo(ParquetSinks.sink(base + "verdicts", Verdict.class, Verdict::getCreatedAt, "verdicts"))
                    .name("verdicts-parquet-sink").uid("verdicts-parquet-sink");
            out.fairness().sinkTo(ParquetSinks.sink(base + "fairness", FairnessStats.class, FairnessStats::getWindowStart, "fairness"))
                    .name("fairness-parquet-sink").uid("fairness-parquet-sink");
        }
    }

    /**
     * With {@code serialization.format: registry}, registers every output topic's schema before the job is submitted:
     * an incompatible schema change stops the start here, with the subject and the rule ({@link ConfigException}).
     * Kept out of {@link #build}, which only describes the graph.
     */
    public void registerSchemas() {
        if (config.serialization.format == WireFormat.REGISTRY) {
            SchemaRegistration.register(config.serialization.registryUrl, outputSchemas(config));
        }
    }

    /** Each output topic's schema: what the registry holds under {@code <topic>-value}. */
    public static Map<String, org.apache.avro.Schema> outputSchemas(JobConfig config) {
        Map<String, org.apache.avro.Schema> schemas = new java.util.LinkedHashMap<>();
        schemas.put(config.topics.verdicts, Verdict.getClassSchema());
        schemas.put(config.topics.review, Verdict.getClassSchema());
        schemas.put(config.topics.fairness, FairnessStats.getClassSchema());
        schemas.put(config.topics.alerts, Alert.getClassSchema());
        schemas.put(config.topics.deadLetter, DeadLetter.getClassSchema());
        schemas.put(config.topics.sliceResults, SliceResult.getClassSchema());
        return schemas;
    }

    /** The workflow without submitted slices from a topic (the config's slices file still applies). */
    public Outputs defineWorkflow(DataStream<RawRecord> rawEvents, DataStream<RawRecord> rawLabels) {
        // An empty stream that ends with the events (Flink's collection sources refuse an empty collection).
        DataStream<RawRecord> noSlices = rawEvents.filter(record -> false).name("no-slices").uid("no-slices");
        return defineWorkflow(rawEvents, rawLabels, noSlices);
    }

    public Outputs defineWorkflow(DataStream<RawRecord> rawEvents, DataStream<RawRecord> rawLabels, DataStream<RawRecord> rawSlices) {
        SingleOutputStreamOperator<ValidatedEvent> validated = rawEvents
                .process(new ValidateEvents(config.limits, config.serialization)).name("validate-events").uid("validate-events");
        SingleOutputStreamOperator<ValidatedEvent> unique = validated
                .keyBy(ValidatedEvent::eventId)
                .process(new DeduplicateEvents(config.merge.dedupRetention, config.limits.maxDeadLetterBytes)).name("deduplicate-events").uid("deduplicate-events");

        DataStream<MergeInput> mergeInputs = unique
                .map(new EventMetadata(dimensionDeriver())).returns(MergeInput.class)
                .name("event-metadata").uid("event-metadata");
        for (Map.Entry<String, ScorerFactory> scorer : scorers.entrySet()) {
            mergeInputs = mergeInputs.union(scoringBranch(unique, scorer.getKey(), scorer.getValue()));
        }

        DecisionPolicy policy = new DecisionPolicy(config.policy);
        SingleOutputStreamOperator<Verdict> verdicts = mergeInputs
                .keyBy(in -> in.eventId)
                .process(new VerdictMerger(scorers.keySet(), config.merge.timeout, config.merge.lateResultRetention, policy))
                .name("merge-verdicts").uid("merge-verdicts");
        DataStream<Verdict> review = verdicts
                .filter(v -> v.getDecision() == Decision.REVIEW).name("review-filter").uid("review-filter");

        SingleOutputStreamOperator<Label> labels = rawLabels
                .process(new ValidateLabels(config.limits, config.serialization)).name("validate-labels").uid("validate-labels");
        SingleOutputStreamOperator<SliceDefinition> slices = rawSlices
                .process(new ValidateSlices(config.limits, config.serialization)).name("validate-slices").uid("validate-slices");
        FairnessOutputs fairness = fairnessBranch(verdicts, labels, slices);

        DataStream<DeadLetter> deadLetters = validated.getSideOutput(DeadLetters.TAG)
                .union(unique.getSideOutput(DeadLetters.TAG), labels.getSideOutput(DeadLetters.TAG), slices.getSideOutput(DeadLetters.TAG));
        return new Outputs(verdicts, review, fairness.stats, fairness.alerts, fairness.sliceResults, deadLetters);
    }

    private DataStream<MergeInput> scoringBranch(DataStream<ValidatedEvent> events, String id, ScorerFactory factory) {
        JobConfig.ScorerSettings settings = ScorerRegistry.get().settings(config, id);
        SingleOutputStreamOperator<PartialScore> scores =
                ScoringBranches.scores(events, id, factory, settings.batchSize, settings.batchTimeout);
        return scores
                .setParallelism(settings.parallelism)
                .slotSharingGroup(settings.slotSharingGroup)
                .map(MergeInput::partial).returns(MergeInput.class)
                .name("partial-" + id).uid("partial-" + id)
                .setParallelism(settings.parallelism)
                .slotSharingGroup(settings.slotSharingGroup);
    }

    /** The fairness branch's outputs. */
    public record FairnessOutputs(DataStream<FairnessStats> stats, DataStream<Alert> alerts, DataStream<SliceResult> sliceResults) {}

    private FairnessOutputs fairnessBranch(DataStream<Verdict> verdicts, DataStream<Label> labels, DataStream<SliceDefinition> slices) {
        JobConfig.FairnessConfig f = config.fairness;
        DataStream<Observation> joined = verdicts.keyBy(Verdict::getEventId)
                .connect(labels.keyBy(Label::getEventId))
                .process(new LabelJoin(f.labelJoinTtl)).name("join-labels").uid("join-labels");
        return aggregateFairness(joined, slices, f, initialSlices(f));
    }

    /**
     * Per-group windows, disparity and alerts, and the slices' evaluation and discovery, from joined fairness
     * observations (also driven directly by the benchmark).
     */
    public static FairnessOutputs aggregateFairness(DataStream<Observation> joined, DataStream<SliceDefinition> slices,
                                                    JobConfig.FairnessConfig f, List<SliceDefinition> initialSlices) {
        DataStream<Observation> observations = withEventTime(joined, f);
        FairnessOutputs groups = aggregateGroups(observations, f);
        DataStream<SliceResult> sliceResults = observations
                .flatMap(new AssignSliceWindows(f)).name("slice-windows").uid("slice-windows")
                .keyBy(w -> w.windowStart)
                .connect(slices.assignTimestampsAndWatermarks(ControlStreamWatermarks.strategy())
                        .name("slice-definition-watermarks").uid("slice-definition-watermarks")
                        .broadcast(SliceEvaluator.DEFINITIONS))
                .process(new SliceEvaluator(initialSlices, f))
                .name("evaluate-slices").uid("evaluate-slices");
        return new FairnessOutputs(groups.stats(), groups.alerts(), sliceResults);
    }

    /** The derived dimensions' deriver, opened here once so that a bad lexicon fails the start with its line. */
    private DimensionDeriver dimensionDeriver() {
        DimensionDeriver deriver = new DimensionDeriver(config.fairness.derived);
        if (deriver.enabled()) {
            try {
                deriver.open();
            } catch (RuntimeException e) {
                throw new ConfigException("fairness.derived: " + e.getMessage());
            }
        }
        return deriver;
    }

    /** The slices file's definitions, read when the graph is built: a bad file fails the start with its line. */
    private static List<SliceDefinition> initialSlices(JobConfig.FairnessConfig f) {
        if (f.slicesFile == null || f.slicesFile.isBlank()) {
            return List.of();
        }
        try {
            return SliceDefinitions.read(Path.of(f.slicesFile), Instant.now());
        } catch (java.io.IOException e) {
            throw new ConfigException("fairness.slices_file " + f.slicesFile + " cannot be read: " + e.getMessage());
        }
    }

    private static DataStream<Observation> withEventTime(DataStream<Observation> joined, JobConfig.FairnessConfig f) {
        return joined
                .assignTimestampsAndWatermarks(WatermarkStrategy.<Observation>forBoundedOutOfOrderness(f.outOfOrderness)
                        .withTimestampAssigner((o, ts) -> o.eventTime)
                        .withIdleness(f.idleness))
                .name("fairness-watermarks").uid("fairness-watermarks");
    }

    private static FairnessOutputs aggregateGroups(DataStream<Observation> observations, JobConfig.FairnessConfig f) {
        KeyedStream<GroupObservation, io.moderationstream.fairness.GroupKey> byGroup = observations
                .flatMap(new ExplodeGroups(f)).name("explode-groups").uid("explode-groups")
                .keyBy(g -> g.key);
        DataStream<GroupWindowStats> perGroup = byGroup
                .window(FairnessWindows.of(f))
                .allowedLateness(f.allowedLateness)
                .aggregate(new GroupCountsAggregate(), new EmitGroupWindow())
                .name("group-window-stats").uid("group-window-stats");
        SingleOutputStreamOperator<FairnessStats> stats = perGroup
                .keyBy(GroupWindowStats::windowKey)
                .process(new io.moderationstream.fairness.WindowDisparity(
                        new DisparityCalculator(f.minSample, f.disparityThreshold, f.confidenceZ), f.allowedLateness.toMillis()))
                .name("window-disparity").uid("window-disparity");
        DataStream<Alert> alerts = stats
                .keyBy(DisparityAlerts::alertKey)
                .process(new DisparityAlerts(f.disparityThreshold, f.hysteresis))
                .name("disparity-alerts").uid("disparity-alerts");
        return new FairnessOutputs(stats, alerts, null);
    }
}
