package io.moderationstream.tools.run;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A Flink metric reporter inside the local {@code run}'s JVM that keeps the few metrics its progress line shows:
 * events validated, verdicts by decision, dead letters, the events source's pending records (consumer lag) and the
 * number of completed checkpoints. Registered by {@link LocalRun} as {@code metrics.reporter.run-progress}.
 */
public final class ProgressMetrics implements MetricReporter {
    /** The reporter of this JVM's local job (Flink creates it; {@code run} reads it). */
    static volatile ProgressMetrics current;

    private final Set<Counter> eventsIn = ConcurrentHashMap.newKeySet();
    private final Map<String, Set<Counter>> verdicts = new ConcurrentHashMap<>();
    private final Set<Counter> deadLetters = ConcurrentHashMap.newKeySet();
    private final Set<Gauge<?>> pending = ConcurrentHashMap.newKeySet();
    private final Set<Gauge<?>> completedCheckpoints = ConcurrentHashMap.newKeySet();

    /** Flink's factory for this reporter. */
    public static final class Factory implements MetricReporterFactory {
        @Override
        public MetricReporter createMetricReporter(Properties properties) {
            ProgressMetrics reporter = new ProgressMetrics();
            current = reporter;
            return reporter;
        }
    }

    @Override
    public void open(MetricConfig config) {}

    @Override
    public void close() {}

    @Override
    public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
        String operator = group.getAllVariables().getOrDefault("<operator_name>", "");
        if (metric instanceof Counter c) {
            if (name.equals("numRecordsIn") && operator.equals("validate-events")) {
                eventsIn.add(c);
            } else if (name.equals("verdicts") && group.getAllVariables().containsKey("<decision>")) {
                verdicts.computeIfAbsent(group.getAllVariables().get("<decision>"), d -> ConcurrentHashMap.newKeySet()).add(c);
            } else if (name.equals("deadLettered")) {
                deadLetters.add(c);
            }
        } else if (metric instanceof Gauge<?> g) {
            if (name.equals("pendingRecords") && operator.contains("events-source")) {
                pending.add(g);
            } else if (name.equals("numberOfCompletedCheckpoints")) {
                completedCheckpoints.add(g);
            }
        }
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {
        eventsIn.remove(metric);
        deadLetters.remove(metric);
        pending.remove(metric);
        completedCheckpoints.remove(metric);
        verdicts.values().forEach(s -> s.remove(metric));
    }

    long eventsIn() {
        return eventsIn.stream().mapToLong(Counter::getCount).sum();
    }

    long verdicts(String decision) {
        return verdicts.getOrDefault(decision.toUpperCase(Locale.ROOT), Set.of()).stream().mapToLong(Counter::getCount).sum();
    }

    long deadLetters() {
        return deadLetters.stream().mapToLong(Counter::getCount).sum();
    }

    /** Records in the events topic not read yet (the Kafka source's pendingRecords), or -1 before it reports. */
    long lag() {
        long sum = 0;
        boolean any = false;
        for (Gauge<?> g : pending) {
            if (g.getValue() instanceof Number n) {
                sum += n.longValue();
                any = true;
            }
        }
        return any ? sum : -1;
    }

    long completedCheckpoints() {
        return completedCheckpoints.stream().map(Gauge::getValue).filter(v -> v instanceof Number)
                .mapToLong(v -> ((Number) v).longValue()).max().orElse(0);
    }
}
