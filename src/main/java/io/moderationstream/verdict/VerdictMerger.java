package io.moderationstream.verdict;

import io.moderationstream.avro.ScorerResult;
import io.moderationstream.avro.Verdict;
import io.moderationstream.metrics.SecondsHistogram;
import io.moderationstream.scoring.ScorerRegistry;
import io.moderationstream.scoring.ScorerResults;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Joins, per event_id, the event's metadata and the partial results of the enabled scorers into one verdict.
 * <ul>
 *   <li>All expected partials present: the verdict is emitted at once.</li>
 *   <li>Otherwise, {@code timeout} (processing time) after the metadata arrived, the verdict is emitted with the
 *       missing scorers marked DEGRADED.</li>
 *   <li>After emission the key keeps only a small "emitted" marker for {@code lateRetention}, so that a partial that
 *       arrives late is dropped (and counted) instead of producing a second verdict; then all state is gone.</li>
 * </ul>
 * Everything lives in keyed state and timers, so it is exactly-once across failures.
 */
public class VerdictMerger extends KeyedProcessFunction<String, MergeInput, Verdict> {
    private static final long serialVersionUID = 1L;

    /** Ids of the enabled scorers, whose partials the merge waits for. */
    private final LinkedHashSet<String> expected;
    private final long timeoutMillis;
    private final long lateRetentionMillis;
    private final DecisionPolicy policy;

    private transient ValueState<EventMeta> meta;
    private transient MapState<String, ScorerResult> partials;
    private transient ValueState<Long> timeoutAt;
    private transient ValueState<Long> emittedUntil;
    private transient Counter degraded;
    private transient java.util.Map<io.moderationstream.avro.Decision, Counter> byDecision;
    private transient Counter lateResults;
    private transient SecondsHistogram endToEndLatency;
    private transient SecondsHistogram eventTimeLag;

    public VerdictMerger(Set<String> expected, Duration timeout, Duration lateRetention, DecisionPolicy policy) {
        this.expected = new LinkedHashSet<>(expected);
        this.timeoutMillis = timeout.toMillis();
        this.lateRetentionMillis = lateRetention.toMillis();
        this.policy = policy;
    }

    @Override
    public void open(OpenContext openContext) {
        meta = getRuntimeContext().getState(new ValueStateDescriptor<>("meta", TypeInformation.of(EventMeta.class)));
        partials = getRuntimeContext().getMapState(new MapStateDescriptor<>("partials",
                TypeInformation.of(String.class), TypeInformation.of(ScorerResult.class)));
        timeoutAt = getRuntimeContext().getState(new ValueStateDescriptor<>("timeout-at", Long.class));
        emittedUntil = getRuntimeContext().getState(new ValueStateDescriptor<>("emitted-until", Long.class));
        degraded = getRuntimeContext().getMetricGroup().counter("verdictsDegraded");
        // One counter per decision (variable "decision"): what `run` reports and dashboards chart.
        byDecision = new java.util.EnumMap<>(io.moderationstream.avro.Decision.class);
        for (io.moderationstream.avro.Decision d : io.moderationstream.avro.Decision.values()) {
            byDecision.put(d, getRuntimeContext().getMetricGroup().addGroup("decision", d.name()).counter("verdicts"));
        }
        lateResults = getRuntimeContext().getMetricGroup().counter("lateScorerResults");
        // Verdict time minus Kafka ingestion time, and minus the event's own creation time.
        endToEndLatency = getRuntimeContext().getMetricGroup().histogram("endToEndLatencySeconds",
                new SecondsHistogram(2000));
        eventTimeLag = getRuntimeContext().getMetricGroup().histogram("eventTimeLagSeconds",
                new SecondsHistogram(2000));
    }

    @Override
    public void processElement(MergeInput in, Context ctx, Collector<Verdict> out) throws Exception {
        if (emittedUntil.value() != null) {
            lateResults.inc();
            return;
        }
        if (in.meta != null) {
            meta.update(in.meta);
        } else {
            partials.put(in.partial.getScorer(), in.partial);
        }
        if (timeoutAt.value() == null) {
            // Armed by whichever input comes first, so that partials without metadata cannot leak either.
            long at = ctx.timerService().currentProcessingTime() + timeoutMillis;
            ctx.timerService().registerProcessingTimeTimer(at);
            timeoutAt.update(at);
        }
        if (meta.value() != null && allPartialsPresent()) {
            ctx.timerService().deleteProcessingTimeTimer(timeoutAt.value());
            emit(ctx, out);
        }
    }

    private boolean allPartialsPresent() throws Exception {
        for (String id : expected) {
            if (!partials.contains(id)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Verdict> out) throws Exception {
        Long until = emittedUntil.value();
        if (until != null) {
            if (timestamp >= until) {
                emittedUntil.clear();
            }
            return;
        }
        if (meta.value() != null) {
            emit(ctx, out);
        } else {
            // Partials whose event never reached the merge: nothing to build a verdict from.
            lateResults.inc();
            partials.clear();
            timeoutAt.clear();
        }
    }

    private void emit(Context ctx, Collector<Verdict> out) throws Exception {
        EventMeta m = meta.value();
        Map<String, ScorerResult> results = new LinkedHashMap<>();
        for (String id : expected) {
            results.put(id, resultFor(id));
        }
        SensitiveSpans.maskEvidence(results);
        DecisionPolicy.Outcome outcome = policy.decide(m.tenantId, results);
        ScorerRegistry registry = ScorerRegistry.get();
        results.replaceAll((id, r) -> registry.byId(id).map(p -> p.published(r)).orElse(r));
        long now = ctx.timerService().currentProcessingTime();
        long wallClock = System.currentTimeMillis();
        endToEndLatency.updateMillis(wallClock - m.ingestedAt);
        eventTimeLag.updateMillis(wallClock - m.createdAt);
        Verdict verdict = new Verdict();
        verdict.setEventId(m.eventId);
        verdict.setTenantId(m.tenantId);
        verdict.setModelId(m.modelId);
        verdict.setCreatedAt(Instant.ofEpochMilli(m.createdAt));
        verdict.setDecision(outcome.decision());
        verdict.setReasons(outcome.reasons());
        verdict.setResults(results);
        verdict.setRedactedCompletion(outcome.redactedCompletion());
        verdict.setPolicyVersion(policy.version());
        verdict.setGroups(m.groups);
        verdict.setDerivedGroups(m.derivedGroups);
        verdict.setIngestedAt(Instant.ofEpochMilli(m.ingestedAt));
        verdict.setProcessedAt(Instant.ofEpochMilli(System.currentTimeMillis()));
        verdict.setMetadata(m.metadata);
        LegacyResultFields.fill(verdict);
        byDecision.get(outcome.decision()).inc();
        out.collect(verdict);
        meta.clear();
        partials.clear();
        timeoutAt.clear();
        long until = now + lateRetentionMillis;
        emittedUntil.update(until);
        ctx.timerService().registerProcessingTimeTimer(until);
    }

    private ScorerResult resultFor(String id) throws Exception {
        ScorerResult r = partials.get(id);
        if (r == null) {
            degraded.inc();
            return ScorerResults.degraded(id, "no result within " + timeoutMillis + " ms");
        }
        return r;
    }
}
