package io.moderationstream.tools.bench;

import io.moderationstream.scoring.PartialScore;
import org.apache.flink.api.common.functions.MapFunction;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Records when a branch's outputs pass (same JVM: the local environment runs in-process), so a benchmark measures from
 * the first to the last scored text and leaves out job start-up and model loading, paid once.
 */
final class OutputClock implements MapFunction<PartialScore, PartialScore> {
    static final AtomicLong first = new AtomicLong();
    static final AtomicLong last = new AtomicLong();
    static final AtomicLong count = new AtomicLong();

    static void reset() {
        first.set(0);
        last.set(0);
        count.set(0);
    }

    static double perSecond() {
        return (count.get() - 1) / ((last.get() - first.get()) / 1e9);
    }

    @Override
    public PartialScore map(PartialScore value) {
        long now = System.nanoTime();
        first.compareAndSet(0, now);
        last.set(now);
        count.incrementAndGet();
        return value;
    }
}
