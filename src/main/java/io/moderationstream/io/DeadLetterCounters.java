package io.moderationstream.io;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

import java.util.EnumMap;
import java.util.Map;

/**
 * One {@code deadLettered} counter per error code, under the user variable {@code error_code} (a Prometheus label:
 * {@code flink_taskmanager_job_task_operator_error_code_deadLettered{error_code="TOO_LARGE"}}), so a dashboard can
 * tell a producer sending oversized records from one sending bad JSON.
 */
public final class DeadLetterCounters {
    private final MetricGroup group;
    private final Map<ErrorCode, Counter> byCode = new EnumMap<>(ErrorCode.class);

    public DeadLetterCounters(MetricGroup group) {
        this.group = group;
    }

    public void inc(ErrorCode errorCode) {
        byCode.computeIfAbsent(errorCode, code -> group.addGroup("error_code", code.name()).counter("deadLettered")).inc();
    }
}
