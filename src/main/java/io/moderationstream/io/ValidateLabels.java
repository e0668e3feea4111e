package io.moderationstream.io;

import io.moderationstream.avro.Label;
import io.moderationstream.config.JobConfig;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/** Decodes ground-truth labels; undecodable ones go to the dead-letter side output. */
public class ValidateLabels extends ProcessFunction<RawRecord, Label> {
    private static final long serialVersionUID = 1L;

    private final JobConfig.Limits limits;
    private final JobConfig.Serialization serialization;
    private transient EventDecoder decoder;
    private transient DeadLetterCounters deadLettered;

    public ValidateLabels(JobConfig.Limits limits, JobConfig.Serialization serialization) {
        this.limits = limits;
        this.serialization = serialization;
    }

    @Override
    public void open(OpenContext openContext) {
        decoder = new EventDecoder(limits, serialization.registry());
        deadLettered = new DeadLetterCounters(getRuntimeContext().getMetricGroup());
    }

    @Override
    public void processElement(RawRecord raw, Context ctx, Collector<Label> out) {
        try {
            out.collect(decoder.decodeLabel(raw.value));
        } catch (InvalidRecordException e) {
            deadLettered.inc(e.code());
            ctx.output(DeadLetters.TAG, DeadLetters.of(raw, e.code(), "label: " + e.getMessage(), e.eventId(), limits.maxDeadLetterBytes));
        } catch (RegistryUnavailableException e) {
            throw e; // not the record's fault: fail and restart from the checkpoint rather than dead-letter valid input
        } catch (RuntimeException e) {
            deadLettered.inc(ErrorCode.NOT_DECODABLE);
            ctx.output(DeadLetters.TAG, DeadLetters.of(raw, ErrorCode.NOT_DECODABLE, "label: unexpected decoder failure: " + e, null, limits.maxDeadLetterBytes));
        }
    }

    @Override
    public void close() {
        if (decoder != null) {
            decoder.close();
        }
    }
}
