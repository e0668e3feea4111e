package io.moderationstream.io;

import io.moderationstream.avro.GeneratedContent;
import io.moderationstream.config.JobConfig;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/** Decodes and validates input records; anything unusable goes to the dead-letter side output with its reason. */
public class ValidateEvents extends ProcessFunction<RawRecord, ValidatedEvent> {
    private static final long serialVersionUID = 1L;

    private final JobConfig.Limits limits;
    private final JobConfig.Serialization serialization;
    private transient EventDecoder decoder;
    private transient DeadLetterCounters deadLettered;

    public ValidateEvents(JobConfig.Limits limits, JobConfig.Serialization serialization) {
        this.limits = limits;
        this.serialization = serialization;
    }

    @Override
    public void open(OpenContext openContext) {
        decoder = new EventDecoder(limits, serialization.registry());
        deadLettered = new DeadLetterCounters(getRuntimeContext().getMetricGroup());
    }

    @Override
    public void processElement(RawRecord raw, Context ctx, Collector<ValidatedEvent> out) {
        try {
            GeneratedContent event = decoder.decodeEvent(raw.value);
            ValidatedEvent validated = new ValidatedEvent(event, raw.topic, raw.partition, raw.offset, raw.timestamp);
            validated.raw = raw.value;
            out.collect(validated);
        } catch (InvalidRecordException e) {
            deadLettered.inc(e.code());
            ctx.output(DeadLetters.TAG, DeadLetters.of(raw, e.code(), e.getMessage(), e.eventId(), limits.maxDeadLetterBytes));
        } catch (RegistryUnavailableException e) {
            throw e; // not the record's fault: fail and restart from the checkpoint rather than dead-letter valid input
        } catch (RuntimeException e) {
            // A decoder bug must not take the job down: the record is kept in the DLQ for a replay after the fix.
            deadLettered.inc(ErrorCode.NOT_DECODABLE);
            ctx.output(DeadLetters.TAG, DeadLetters.of(raw, ErrorCode.NOT_DECODABLE, "unexpected decoder failure: " + e, null, limits.maxDeadLetterBytes));
        }
    }

    @Override
    public void close() {
        if (decoder != null) {
            decoder.close();
        }
    }
}
