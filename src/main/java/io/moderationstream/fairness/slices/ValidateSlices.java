package io.moderationstream.fairness.slices;

import io.moderationstream.avro.SliceDefinition;
import io.moderationstream.config.JobConfig;
import io.moderationstream.io.DeadLetterCounters;
import io.moderationstream.io.DeadLetters;
import io.moderationstream.io.ErrorCode;
import io.moderationstream.io.RawRecord;
import io.moderationstream.io.RegistryCodec;
import io.moderationstream.io.RegistryUnavailableException;
import io.moderationstream.io.WireFormat;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

import java.io.IOException;
import java.util.List;

/**
 * Slice definitions from the control topic (JSON or Avro single-object): a valid one passes on, anything else is a
 * dead letter with its reason, so a bad submission never reaches the evaluator nor stops the job.
 */
public class ValidateSlices extends ProcessFunction<RawRecord, SliceDefinition> {
    private static final long serialVersionUID = 1L;

    private final JobConfig.Limits limits;
    private final JobConfig.Serialization serialization;
    private transient RegistryCodec registry;
    private transient DeadLetterCounters deadLettered;

    public ValidateSlices(JobConfig.Limits limits, JobConfig.Serialization serialization) {
        this.limits = limits;
        this.serialization = serialization;
    }

    @Override
    public void open(OpenContext openContext) {
        deadLettered = new DeadLetterCounters(getRuntimeContext().getMetricGroup());
        registry = serialization.registry();
    }

    @Override
    public void close() {
        if (registry != null) {
            registry.close();
        }
    }

    @Override
    public void processElement(RawRecord raw, Context ctx, Collector<SliceDefinition> out) {
        SliceDefinition d;
        try {
            d = WireFormat.decode(raw.value, SliceDefinition.class, raw.topic, registry);
        } catch (RegistryUnavailableException e) {
            throw e; // not the definition's fault: fail and restart from the checkpoint
        } catch (IOException | RuntimeException e) {
            reject(raw, ErrorCode.NOT_DECODABLE, "slice definition: " + e.getMessage(), ctx);
            return;
        }
        List<String> problems = SlicePredicates.problems(d);
        if (!problems.isEmpty()) {
            reject(raw, ErrorCode.INVALID_FIELD, "slice definition " + d.getSliceId() + ": " + String.join("; ", problems), ctx);
            return;
        }
        out.collect(d);
    }

    private void reject(RawRecord raw, ErrorCode code, String reason, Context ctx) {
        deadLettered.inc(code);
        ctx.output(DeadLetters.TAG, DeadLetters.of(raw, code, reason, null, limits.maxDeadLetterBytes));
    }
}
