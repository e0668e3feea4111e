package io.moderationstream.io;

import io.moderationstream.avro.DeadLetter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.time.Duration;

/**
 * Keeps the first event of each event_id and dead-letters the rest, so that every event_id gets exactly one verdict
 * even when producers retry. Ids are remembered for {@code retention} (state TTL), so memory stays bounded.
 */
public class DeduplicateEvents extends KeyedProcessFunction<String, ValidatedEvent, ValidatedEvent> {
    private static final long serialVersionUID = 1L;

    private final Duration retention;
    private final int maxDeadLetterBytes;
    private transient ValueState<Long> firstSeenOffset;
    private transient DeadLetterCounters deadLettered;

    public DeduplicateEvents(Duration retention, int maxDeadLetterBytes) {
        this.retention = retention;
        this.maxDeadLetterBytes = maxDeadLetterBytes;
    }

    @Override
    public void open(OpenContext openContext) {
        ValueStateDescriptor<Long> descriptor = new ValueStateDescriptor<>("first-seen-offset", Long.class);
        descriptor.enableTimeToLive(StateTtlConfig.newBuilder(retention)
                .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                .build());
        firstSeenOffset = getRuntimeContext().getState(descriptor);
        deadLettered = new DeadLetterCounters(getRuntimeContext().getMetricGroup());
    }

    @Override
    public void processElement(ValidatedEvent event, Context ctx, Collector<ValidatedEvent> out) throws Exception {
        Long seen = firstSeenOffset.value();
        if (seen == null) {
            firstSeenOffset.update(event.offset);
            out.collect(event.withoutRaw());
            return;
        }
        DeadLetter duplicate = DeadLetters.of(event.sourceTopic, event.partition, event.offset, null,
                event.raw != null ? event.raw : AvroBytes.toArray(event.content.toByteBuffer()), ErrorCode.DUPLICATE_EVENT_ID,
                "event_id " + event.eventId() + " was already accepted at offset " + seen + "; only the first event of an id is scored",
                event.eventId(), maxDeadLetterBytes);
        deadLettered.inc(ErrorCode.DUPLICATE_EVENT_ID);
        ctx.output(DeadLetters.TAG, duplicate);
    }
}
