package io.moderationstream.pipeline;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;

import java.time.Duration;

/**
 * Watermarks for a control stream (slice definitions) broadcast into an event-time operator. The stream has no
 * event time, so it must neither hold the data's event time back nor push it forward: it carries no watermarks and
 * goes idle shortly after each definition, and an idle input is left out of the operator's watermark. (A control
 * stream that emitted the maximum watermark instead would, whenever the data input is idle, jump the operator to the
 * end of time and close every window early: measured in SubmittedSlicesIT.)
 */
final class ControlStreamWatermarks {
    static final Duration IDLE_AFTER = Duration.ofMillis(500);

    private ControlStreamWatermarks() {}

    static <T> WatermarkStrategy<T> strategy() {
        return WatermarkStrategy.<T>noWatermarks().withIdleness(IDLE_AFTER);
    }
}
