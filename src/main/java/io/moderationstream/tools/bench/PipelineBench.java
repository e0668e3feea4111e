package io.moderationstream.tools.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.moderationstream.tools.cli.JsonLines;
import io.moderationstream.avro.GeneratedContent;
import io.moderationstream.avro.Verdict;
import io.moderationstream.config.ConfigLoader;
import io.moderationstream.config.JobConfig;
import io.moderationstream.fairness.derived.DimensionDeriver;
import io.moderationstream.io.AvroBytes;
import io.moderationstream.io.TopicIO;
import io.moderationstream.pipeline.JobEnvironment;
import io.moderationstream.pipeline.ModerationPipeline;
import io.moderationstream.scoring.BatchScorer;
import io.moderationstream.scoring.ScorerFactory;
import io.moderationstream.scoring.ScorerRegistry;
import io.moderationstream.scoring.toxicity.ToxicityPlugin;
import io.moderationstream.tools.embedded.CitationIndexes;
import io.moderationstream.tools.embedded.ProtectedIndexes;
import io.moderationstream.tools.embedded.EmbeddedKafka;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The whole-pipeline benchmark behind {@code bench}: embedded broker, the unchanged job on a local mini cluster,
 * realistic ~30-token texts (one in ten with a reference list). Throughput runs drain a backlog; latency runs pace the
 * input and time each verdict until a read_committed consumer sees it.
 */
final class PipelineBench {
    private final EmbeddedKafka kafka;
    private final boolean quick;
    private int run;

    PipelineBench(EmbeddedKafka kafka, boolean quick) {
        this.kafka = kafka;
        this.quick = quick;
    }

    static List<GeneratedContent> events(int n) {
        List<String> texts = BenchSupport.thirtyTokenTexts(n);
        List<GeneratedContent> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String text = i % 10 == 0 ? texts.get(i) + "\n[1] Jacob Devlin, Ming-Wei Chang, Kenton Lee, Kristina Toutanova. BERT: "
                    + "Pre-training of Deep Bidirectional Transformers for Language Understanding. In Proceedings of NAACL, 2019." : texts.get(i);
            out.add(GeneratedContent.newBuilder().setEventId("bench-" + i).setTenantId("bench").setModelId("m")
                    .setCreatedAt(Instant.now()).setCompletion(text).setGroups(Map.of("gender", i % 2 == 0 ? "f" : "m"))
                    .setMetadata(Map.of()).build());
        }
        return out;
    }

    JobConfig config(JobConfig.DeliveryGuarantee delivery, int parallelism, String... overrides) throws Exception {
        run++;
        List<String> all = new ArrayList<>(List.of(
                "kafka.bootstrap_servers=" + kafka.bootstrapServers(), "kafka.group_id=bench-" + run,
                "kafka.transactional_id_prefix=bench-" + run, "kafka.transaction_timeout=2min", "delivery=" + delivery,
                "checkpointing.interval=1s", "restart_attempts=0",
                "scorers.toxicity.parallelism=" + parallelism, "scorers.toxicity.batch_size=32", "scorers.toxicity.batch_timeout=10ms",
                "scorers.toxicity.options.threads=1",
                "scorers.citations.parallelism=1", "scorers.watermark.parallelism=1",
                "scorers.citations.options.index_dir=target/citation-index",
                "scorers.protected_material.options.index_dir=target/protected-index"));
        for (String t : List.of("events", "labels", "verdicts", "review", "fairness", "alerts", "dead_letter", "slices", "slice_results")) {
            all.add("topics." + t + "=" + t + "-bench-" + run);
        }
        all.addAll(List.of(overrides));
        JobConfig c = new ConfigLoader().defaults(all);
        List<String> dataTopics = new ArrayList<>(c.topics.inputs());
        dataTopics.addAll(c.topics.outputs());
        kafka.createTopics(Math.max(2, parallelism), dataTopics.toArray(String[]::new));
        // The job subscribes to the submitted-slices topic; it must exist or the Kafka source fails on start.
        kafka.createTopics(1, Map.of("cleanup.policy", "compact"), c.topics.slices);
        return c;
    }

    /** Drains a backlog of events; returns events/s between the first and the last verdict emitted. */
    double throughput(JobConfig config, List<GeneratedContent> events, int parallelism) throws Exception {
        List<byte[]> values = events.stream().map(e -> bytes(e)).toList();
        TopicIO.produce(kafka.bootstrapServers(), Map.of(), config.topics.events, values);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, JobEnvironment.flinkConfiguration(config));
        ModerationPipeline.of(config).build(env, true);
        env.execute("bench");
        long first = Long.MAX_VALUE;
        long last = 0;
        int count = 0;
        for (var r : TopicIO.readAll(kafka.bootstrapServers(), Map.of(), config.topics.verdicts)) {
            Verdict v = Verdict.getDecoder().decode(r.value());
            first = Math.min(first, v.getProcessedAt().toEpochMilli());
            last = Math.max(last, v.getProcessedAt().toEpochMilli());
            count++;
        }
        return count < 2 ? 0 : (count - 1) / ((last - first) / 1000.0);
    }

    /** Paced input at {@code rate} events/s for {@code seconds}; latency = read_committed arrival − Kafka ingestion. */
    long[] latencies(JobConfig config, int rate, int seconds, int parallelism) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, JobEnvironment.flinkConfiguration(config));
        ModerationPipeline.of(config).build(env, false);
        JobClient job = env.executeAsync("bench-latency");
        Thread.sleep(5_000);   // let the job start and the model load: latency is about the steady state
        int total = rate * seconds;
        List<GeneratedContent> events = events(total);
        long[] latency = new long[total];
        int seen = 0;
        try (var producer = BenchKafkaClients.pacedProducer(kafka.bootstrapServers(), true);
             var consumer = BenchKafkaClients.committedReader(kafka.bootstrapServers(), "bench-reader-" + run)) {
            consumer.subscribe(List.of(config.topics.verdicts));
            long start = System.nanoTime();
            int sent = 0;
            long deadline = System.currentTimeMillis() + seconds * 1000L + 60_000;
            while (seen < total && System.currentTimeMillis() < deadline) {
                long due = (long) ((System.nanoTime() - start) / 1e9 * rate);
                while (sent < Math.min(due, total)) {
                    producer.send(new ProducerRecord<>(config.topics.events, bytes(events.get(sent++))), sendFailures);
                }
                producer.flush();
                sendFailures.check();
                for (var r : consumer.poll(Duration.ofMillis(20))) {
                    Verdict v = Verdict.getDecoder().decode(r.value());
                    if (seen < total) {
                        latency[seen++] = System.currentTimeMillis() - v.getIngestedAt().toEpochMilli();
                    }
                }
            }
        } finally {
            job.cancel().get();
        }
        long[] got = Arrays.copyOf(latency, seen);
        Arrays.sort(got);
        return got;
    }

    /** Raw scorer throughput outside Flink: one thread, the configured batch size (batched scorers only). */
    static double raw(ScorerFactory factory, List<GeneratedContent> events, int batch) throws Exception {
        try (BatchScorer scorer = (BatchScorer) factory.create()) {
            scorer.score(events.subList(0, Math.min(64, events.size())));
            long start = System.nanoTime();
            for (int i = 0; i < events.size(); i += batch) {
                scorer.score(events.subList(i, Math.min(events.size(), i + batch)));
            }
            return events.size() / ((System.nanoTime() - start) / 1e9);
        }
    }

    /** Texts/s of the derived fairness dimensions alone (identity terms, their categories, language), one thread. */
    static double derivedDimensionsRate(JobConfig config, List<GeneratedContent> events) {
        DimensionDeriver deriver = new DimensionDeriver(config.fairness.derived).open();
        events.stream().limit(200).forEach(e -> deriver.derive(e.getTenantId(), e.getCompletion()));
        long start = System.nanoTime();
        for (GeneratedContent e : events) {
            deriver.derive(e.getTenantId(), e.getCompletion());
        }
        return events.size() / ((System.nanoTime() - start) / 1e9);
    }

    static double percentile(long[] sorted, double q) {
        return sorted.length == 0 ? Double.NaN : sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }

    private static byte[] bytes(GeneratedContent e) {
        try {
            return AvroBytes.toArray(e.toByteBuffer());
        } catch (IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    ObjectNode runAll() throws Exception {
        CitationIndexes.ensureAt(java.nio.file.Path.of("target/citation-index"));
        ProtectedIndexes.ensureAt(java.nio.file.Path.of("target/protected-index"));
        int n = quick ? 1500 : 6000;
        List<GeneratedContent> events = events(n);
        ObjectNode out = JsonLines.MAPPER.createObjectNode();
        out.put("events_per_run", n).put("checkpoint_interval_ms", 1000).put("quick", quick);

        JobConfig base = config(JobConfig.DeliveryGuarantee.AT_LEAST_ONCE, 1);
        ObjectNode raw = out.putObject("raw_scorer_events_per_s_one_thread");
        var factories = ScorerRegistry.get().factories(base);
        double slowest = Double.MAX_VALUE;
        String slowestName = null;
        for (var e : factories.entrySet()) {
            int batch = e.getKey().equals(ToxicityPlugin.ID) ? 32 : 1;
            double r = raw(e.getValue(), events, batch);
            raw.put(e.getKey(), Math.round(r));
            if (r < slowest) {
                slowest = r;
                slowestName = e.getKey();
            }
        }

        ObjectNode alone = out.putObject("pipeline_with_one_scorer_events_per_s");
        for (String only : factories.keySet()) {
            List<String> off = new ArrayList<>();
            for (String other : ScorerRegistry.get().ids()) {
                if (!other.equals(only)) {
                    off.add("scorers." + other + ".enabled=false");
                }
            }
            JobConfig c = config(JobConfig.DeliveryGuarantee.AT_LEAST_ONCE, 1, off.toArray(new String[0]));
            alone.put(only, Math.round(throughput(c, events, 1)));
        }
        double atLeastOnce = throughput(config(JobConfig.DeliveryGuarantee.AT_LEAST_ONCE, 1), events, 1);
        double exactlyOnce = throughput(config(JobConfig.DeliveryGuarantee.EXACTLY_ONCE, 1), events, 1);
        double exactlyOnceP2 = throughput(config(JobConfig.DeliveryGuarantee.EXACTLY_ONCE, 2), events, 2);
        // What deriving the fairness dimensions from the text costs: the same run with fairness.derived off.
        double withoutDerived = throughput(config(JobConfig.DeliveryGuarantee.EXACTLY_ONCE, 1,
                "fairness.derived.mentioned_identity=false", "fairness.derived.mentioned_identity_category=false",
                "fairness.derived.language=false"), events, 1);
        // What the protected-material branch costs the whole pipeline: the same run with the branch off.
        double withoutProtected = throughput(config(JobConfig.DeliveryGuarantee.EXACTLY_ONCE, 1,
                "scorers.protected_material.enabled=false"), events, 1);
        out.put("pipeline_exactly_once_without_protected_material_events_per_s", Math.round(withoutProtected));
        out.put("protected_material_throughput_ratio", exactlyOnce / withoutProtected);
        out.put("derived_dimensions_texts_per_s_one_thread", Math.round(derivedDimensionsRate(base, events)));
        out.put("pipeline_exactly_once_without_derived_dimensions_events_per_s", Math.round(withoutDerived));
        out.put("derived_dimensions_throughput_ratio", exactlyOnce / withoutDerived);
        out.put("pipeline_at_least_once_events_per_s", Math.round(atLeastOnce));
        out.put("pipeline_exactly_once_events_per_s", Math.round(exactlyOnce));
        out.put("pipeline_exactly_once_parallelism_2_events_per_s", Math.round(exactlyOnceP2));
        out.put("scaling_p1_to_p2", exactlyOnceP2 / exactlyOnce);

        int rate = (int) Math.max(20, 0.8 * Math.min(atLeastOnce, exactlyOnce));
        int seconds = quick ? 10 : 60;
        ObjectNode latency = out.putObject("latency_ms");
        latency.put("paced_events_per_s", rate).put("seconds", seconds);
        long[] p99 = new long[1];
        for (JobConfig.DeliveryGuarantee d : JobConfig.DeliveryGuarantee.values()) {
            long[] l = latencies(config(d, 1), rate, seconds, 1);
            ObjectNode node = latency.putObject(d.name().toLowerCase(java.util.Locale.ROOT));
            node.put("verdicts", l.length).put("p50", percentile(l, 0.5)).put("p95", percentile(l, 0.95)).put("p99", percentile(l, 0.99));
            if (d == JobConfig.DeliveryGuarantee.EXACTLY_ONCE) {
                p99[0] = (long) percentile(l, 0.99);
            }
        }

        // Cluster size on paper: cores per scorer at the measured single-core rates, plus one core per 5k events/s of
        // Kafka I/O, validation, merge and fairness (the pipeline with the cheapest scorer alone bounds that cost).
        ObjectNode sizing = out.putObject("cores_needed");
        for (int target : new int[] {10_000, 100_000}) {
            double cores = 0;
            for (var e : raw.properties()) {
                cores += target / e.getValue().asDouble();
            }
            cores += target / 5_000.0;
            sizing.put(Integer.toString(target), Math.ceil(cores));
        }
        out.put("slowest_raw_scorer", slowestName);
        out.put("pipeline_events_per_s", Math.round(exactlyOnce));
        out.put("slowest_raw_scorer_events_per_s", Math.round(slowest));
        out.put("ratio", exactlyOnce / slowest);
        out.put("p99_latency_ms", p99[0]);
        return out;
    }

    /**
     * A bounded soak: paced input for {@code minutes}, sampling JVM heap (after a GC hint), process resident memory
     * (heap + native, from /proc) and the backlog (events sent − verdicts seen) every {@code sampleSeconds}.
     */
    ObjectNode soak(int rate, int minutes, int sampleSeconds, List<String> overrides) throws Exception {
        CitationIndexes.ensureAt(java.nio.file.Path.of("target/citation-index"));
        ProtectedIndexes.ensureAt(java.nio.file.Path.of("target/protected-index"));
        JobConfig config = config(JobConfig.DeliveryGuarantee.EXACTLY_ONCE, 1, overrides.toArray(new String[0]));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, JobEnvironment.flinkConfiguration(config));
        ModerationPipeline.of(config).build(env, false);
        JobClient job = env.executeAsync("bench-soak");
        Thread.sleep(5_000);
        ObjectNode out = JsonLines.MAPPER.createObjectNode();
        out.put("rate_events_per_s", rate).put("minutes", minutes);
        var samples = out.putArray("samples");
        List<GeneratedContent> pool = events(5_000);
        long sent = 0;
        long seen = 0;
        try (var producer = BenchKafkaClients.pacedProducer(kafka.bootstrapServers(), false);
             var consumer = BenchKafkaClients.committedReader(kafka.bootstrapServers(), "bench-soak-reader")) {
            consumer.subscribe(List.of(config.topics.verdicts));
            long start = System.nanoTime();
            long end = start + minutes * 60_000_000_000L;
            long nextSample = start;
            while (System.nanoTime() < end) {
                long due = (long) ((System.nanoTime() - start) / 1e9 * rate);
                while (sent < due) {
                    GeneratedContent e = GeneratedContent.newBuilder(pool.get((int) (sent % pool.size())))
                            .setEventId("soak-" + sent).setCreatedAt(Instant.now()).build();
                    producer.send(new ProducerRecord<>(config.topics.events, bytes(e)), sendFailures);
                    sent++;
                }
                sendFailures.check();
                seen += consumer.poll(Duration.ofMillis(50)).count();
                if (System.nanoTime() >= nextSample) {
                    System.gc();
                    Runtime rt = Runtime.getRuntime();
                    ObjectNode sample = samples.addObject().put("t_s", Math.round((System.nanoTime() - start) / 1e9))
                            .put("heap_used_mb", (rt.totalMemory() - rt.freeMemory()) / (1024 * 1024))
                            .put("rss_mb", residentMegabytes())
                            .put("sent", sent).put("verdicts", seen).put("backlog", sent - seen);
                    System.err.println("soak sample " + sample);
                    nextSample += sampleSeconds * 1_000_000_000L;
                    if (job.getJobStatus().get().isGloballyTerminalState()) {
                        // The job ended early: report why instead of measuring a dead pipeline.
                        try {
                            job.getJobExecutionResult().get();
                        } catch (java.util.concurrent.ExecutionException e) {
                            out.put("failure", org.apache.flink.util.ExceptionUtils.stringifyException(e).lines().limit(40)
                                    .reduce("", (a, b) -> a + b + "\n"));
                        }
                        return out;
                    }
                }
            }
        }
        job.cancel().get();
        return out;
    }

    private static long residentMegabytes() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    private final SendFailures sendFailures = new SendFailures();

    /** A benchmark that lost input would measure the wrong thing: the first failed send ends it. */
    static final class SendFailures implements org.apache.kafka.clients.producer.Callback {
        private final java.util.concurrent.atomic.AtomicReference<Exception> first = new java.util.concurrent.atomic.AtomicReference<>();

        @Override
        public void onCompletion(org.apache.kafka.clients.producer.RecordMetadata metadata, Exception exception) {
            if (exception != null) {
                first.compareAndSet(null, exception);
            }
        }

        void check() {
            Exception e = first.get();
            if (e != null) {
                throw new IllegalStateException("the benchmark's producer could not write an event: " + e.getMessage(), e);
            }
        }
    }
}
