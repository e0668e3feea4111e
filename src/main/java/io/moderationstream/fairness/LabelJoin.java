package io.moderationstream.fairness;

import io.moderationstream.avro.Label;
import io.moderationstream.avro.ScorerStatus;
import io.moderationstream.avro.Verdict;
import io.moderationstream.verdict.DecisionPolicy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

import java.time.Duration;

/**
 * Joins late ground-truth labels to verdicts by event_id, in either arrival order, and emits fairness observations:
 * one VERDICT observation per verdict, and LABEL observations for the confusion matrix. A changed label retracts its
 * earlier contribution (weight -1) before adding the new one. All state expires after {@code ttl}, so it is bounded
 * by the label delay, not by the stream's length.
 */
public class LabelJoin extends KeyedCoProcessFunction<String, Verdict, Label, Observation> {
    private static final long serialVersionUID = 1L;
    public static final String TOXIC_LABEL = "toxic";

    private final Duration ttl;
    private transient ValueState<Observation> verdict;
    private transient ValueState<Boolean> appliedLabel;
    private transient ValueState<Boolean> pendingLabel;

    public LabelJoin(Duration ttl) {
        this.ttl = ttl;
    }

    @Override
    public void open(OpenContext openContext) {
        StateTtlConfig expiry = StateTtlConfig.newBuilder(ttl)
                .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                .build();
        ValueStateDescriptor<Observation> v = new ValueStateDescriptor<>("verdict", TypeInformation.of(Observation.class));
        v.enableTimeToLive(expiry);
        ValueStateDescriptor<Boolean> applied = new ValueStateDescriptor<>("applied-label", Boolean.class);
        applied.enableTimeToLive(expiry);
        ValueStateDescriptor<Boolean> pending = new ValueStateDescriptor<>("pending-label", Boolean.class);
        pending.enableTimeToLive(expiry);
        verdict = getRuntimeContext().getState(v);
        appliedLabel = getRuntimeContext().getState(applied);
        pendingLabel = getRuntimeContext().getState(pending);
    }

    @Override
    public void processElement1(Verdict v, Context ctx, Collector<Observation> out) throws Exception {
        Observation o = observationOf(v);
        out.collect(o);
        verdict.update(o);
        Boolean pending = pendingLabel.value();
        if (pending != null) {
            pendingLabel.clear();
            apply(o, pending, out);
        }
    }

    @Override
    public void processElement2(Label label, Context ctx, Collector<Observation> out) throws Exception {
        Boolean toxic = label.getLabels().get(TOXIC_LABEL);
        if (toxic == null) {
            return;
        }
        Observation o = verdict.value();
        if (o == null) {
            pendingLabel.update(toxic);
        } else {
            apply(o, toxic, out);
        }
    }

    private void apply(Observation verdictObservation, boolean toxic, Collector<Observation> out) throws Exception {
        Boolean previous = appliedLabel.value();
        if (previous != null && previous == toxic) {
            return;
        }
        if (previous != null) {
            out.collect(labelObservation(verdictObservation, previous, -1));
        }
        out.collect(labelObservation(verdictObservation, toxic, 1));
        appliedLabel.update(toxic);
    }

    private static Observation labelObservation(Observation v, boolean toxic, int weight) {
        Observation o = v.copy();
        o.kind = Observation.Kind.LABEL;
        o.labelToxic = toxic;
        o.weight = weight;
        return o;
    }

    public static Observation observationOf(Verdict v) {
        Observation o = new Observation();
        o.kind = Observation.Kind.VERDICT;
        o.eventId = v.getEventId();
        o.eventTime = v.getCreatedAt().toEpochMilli();
        o.tenantId = v.getTenantId();
        o.modelId = v.getModelId();
        o.groups = new java.util.HashMap<>(v.getGroups());
        o.decision = v.getDecision().name();
        o.flagged = v.getDecision() != io.moderationstream.avro.Decision.ALLOW;
        for (var r : v.getReasons()) {
            switch (r.getCode()) {
                case DecisionPolicy.TOXICITY_BLOCK, DecisionPolicy.TOXICITY_REVIEW -> o.toxicFlagged = true;
                case DecisionPolicy.FABRICATED_CITATION -> o.citationFlagged = true;
                case DecisionPolicy.WATERMARK_DETECTED -> o.watermarkFlagged = true;
                default -> { }
            }
        }
        if (v.getToxicity().getStatus() == ScorerStatus.OK) {
            o.toxicity = v.getToxicity().getScores().getOrDefault("toxicity", -1.0);
        }
        return o;
    }
}
