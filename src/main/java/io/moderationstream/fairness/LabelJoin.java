package io.moderationstream.fairness;

import io.moderationstream.avro.Label;
import io.moderationstream.avro.Verdict;
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
        Observation o = Observations.ofVerdict(v);
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
            out.collect(Observations.ofLabel(verdictObservation, previous, -1));
        }
        out.collect(Observations.ofLabel(verdictObservation, toxic, 1));
        appliedLabel.update(toxic);
    }
}
