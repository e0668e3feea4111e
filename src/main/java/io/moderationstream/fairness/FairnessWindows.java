package io.moderationstream.fairness;

import io.moderationstream.config.JobConfig;
import org.apache.flink.streaming.api.windowing.assigners.SlidingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.assigners.WindowAssigner;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;

import java.util.Collection;

/** The fairness windows (tumbling, or sliding when a slide is set): one assigner for the stream and the report. */
public final class FairnessWindows {
    private FairnessWindows() {}

    public static WindowAssigner<Object, TimeWindow> of(JobConfig.FairnessConfig f) {
        return f.windowSlide == null
                ? TumblingEventTimeWindows.of(f.windowSize)
                : SlidingEventTimeWindows.of(f.windowSize, f.windowSlide);
    }

    /**
     * The windows an event time falls in, as the stream assigns them. Event-time assigners read the context only for
     * a stagger offset, which is zero for the aligned windows used here.
     */
    public static Collection<TimeWindow> windowsOf(WindowAssigner<Object, TimeWindow> assigner, long eventTime) {
        return assigner.assignWindows(null, eventTime, NO_PROCESSING_TIME);
    }

    private static final WindowAssigner.WindowAssignerContext NO_PROCESSING_TIME = new WindowAssigner.WindowAssignerContext() {
        @Override
        public long getCurrentProcessingTime() {
            return 0;
        }
    };
}
