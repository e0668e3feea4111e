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
 * one VERDICT observation per verdict, and LABEL observations for the confusion matrix. The most recent judgement
 * counts (the label with the latest {@code labelled_at}; on a tie the later arrival), whatever order the labels arrive
 * in, so labels from several partitions or a re-sent backfill cannot reinstate an outdated one. A changed label
 * retracts its earlier contribution (weight -1) before adding the new one. All state expires after {@code ttl}, so it is bounded
 * by the label delay, not by the stream's length.
 */
public class LabelJoin extends KeyedCoProcessFunction<String, Verdict, Label, Observation> {
    private static final long serialVersionUID = 1L;
    public static final String TOXIC_LABEL = "toxic";

    private final Duration ttl;
    private transient ValueState<Observation> verdict;
    private transient ValueState<JudgedLabel> appliedLabel;
    private transient ValueState<JudgedLabel> pendingLabel;

    /** A ground-truth judgement and when it was made. */
    public static class JudgedLabel {
        public boolean toxic;
        public long labelledAt;

        public JudgedLabel() {}

        public JudgedLabel(boolean toxic, long labelledAt) {
            this.toxic = toxic;
            this.labelledAt = labelledAt;
        }

        /** Whether this judgement supersedes {@code other} (null: nothing to supersede). */
        public boolean supersedes(JudgedLabel other) {
            return other == null || labelledAt >= other.labelledAt;
        }
    }

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
        ValueStateDescriptor<JudgedLabel> applied = new ValueStateDescriptor<>("applied-judgement", TypeInformation.of(JudgedLabel.class));
        applied.enableTimeToLive(expiry);
        ValueStateDescriptor<JudgedLabel> pending = new ValueStateDescriptor<>("pending-judgement", TypeInformation.of(JudgedLabel.class));
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
        JudgedLabel pending = pendingLabel.value();
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
        JudgedLabel judged = new JudgedLabel(toxic, label.getLabelledAt().toEpochMilli());
        Observation o = verdict.value();
        if (o == null) {
            if (judged.supersedes(pendingLabel.value())) {
                pendingLabel.update(judged);
            }
        } else {
            apply(o, judged, out);
        }
    }

    private void apply(Observation verdictObservation, JudgedLabel judged, Collector<Observation> out) throws Exception {
        JudgedLabel previous = appliedLabel.value();
        if (!judged.supersedes(previous)) {
            return;
        }
        appliedLabel.update(judged);
        if (previous != null && previous.toxic == judged.toxic) {
            return;
        }
        if (previous != null) {
            out.collect(Observations.ofLabel(verdictObservation, previous.toxic, -1));
        }
        out.collect(Observations.ofLabel(verdictObservation, judged.toxic, 1));
    }
}
