package io.moderationstream.metrics;

import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.HistogramStatistics;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * A latency histogram in seconds, the base unit Prometheus expects (metric names end in {@code Seconds}, never
 * {@code Micros} or {@code Ms}). Flink histograms hold longs, so values are recorded in nanoseconds and the statistics
 * (quantiles, mean, standard deviation: what the Prometheus reporter exports) are divided into seconds on the way
 * out; the long-valued min and max are whole seconds. Safe to update from several threads (Async I/O callbacks).
 */
public final class SecondsHistogram implements Histogram {
    private static final double NANOS_PER_SECOND = 1e9;

    private final DescriptiveStatisticsHistogram nanos;

    public SecondsHistogram(int windowSize) {
        this.nanos = new DescriptiveStatisticsHistogram(windowSize);
    }

    /** Records one duration, in nanoseconds. */
    @Override
    public synchronized void update(long durationNanos) {
        nanos.update(durationNanos);
    }

    public void updateMillis(long durationMillis) {
        update(durationMillis * 1_000_000L);
    }

    @Override
    public synchronized long getCount() {
        return nanos.getCount();
    }

    @Override
    public synchronized HistogramStatistics getStatistics() {
        HistogramStatistics s = nanos.getStatistics();
        return new HistogramStatistics() {
            @Override
            public double getQuantile(double quantile) {
                return s.getQuantile(quantile) / NANOS_PER_SECOND;
            }

            @Override
            public long[] getValues() {
                long[] values = s.getValues();
                long[] seconds = new long[values.length];
                for (int i = 0; i < values.length; i++) {
                    seconds[i] = Math.round(values[i] / NANOS_PER_SECOND);
                }
                return seconds;
            }

            @Override
            public int size() {
                return s.size();
            }

            @Override
            public double getMean() {
                return s.getMean() / NANOS_PER_SECOND;
            }

            @Override
            public double getStdDev() {
                return s.getStdDev() / NANOS_PER_SECOND;
            }

            @Override
            public long getMax() {
                return Math.round(s.getMax() / NANOS_PER_SECOND);
            }

            @Override
            public long getMin() {
                return Math.round(s.getMin() / NANOS_PER_SECOND);
            }
        };
    }
}
