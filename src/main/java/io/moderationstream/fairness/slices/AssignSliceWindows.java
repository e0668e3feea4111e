package io.moderationstream.fairness.slices;

import io.moderationstream.config.JobConfig;
import io.moderationstream.fairness.FairnessWindows;
import io.moderationstream.fairness.Observation;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.streaming.api.windowing.assigners.WindowAssigner;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/** An observation into each fairness window it belongs to: the same windows as the per-group statistics. */
public class AssignSliceWindows implements FlatMapFunction<Observation, WindowedObservation> {
    private static final long serialVersionUID = 1L;

    private final WindowAssigner<Object, TimeWindow> windows;

    public AssignSliceWindows(JobConfig.FairnessConfig config) {
        this.windows = FairnessWindows.of(config);
    }

    @Override
    public void flatMap(Observation o, Collector<WindowedObservation> out) {
        for (TimeWindow w : FairnessWindows.windowsOf(windows, o.eventTime)) {
            out.collect(new WindowedObservation(w.getStart(), w.getEnd(), o));
        }
    }
}
