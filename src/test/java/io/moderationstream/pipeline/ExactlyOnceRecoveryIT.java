package io.moderationstream.pipeline;

import io.moderationstream.avro.GeneratedContent;
import io.moderationstream.avro.ScorerResult;
import io.moderationstream.avro.Verdict;
import io.moderationstream.config.JobConfig;
import io.moderationstream.tools.embedded.EmbeddedKafka;
import io.moderationstream.io.TopicIO;
import io.moderationstream.scoring.FatalScorerException;
import io.moderationstream.scoring.BatchScorer;
import io.moderationstream.scoring.ScorerFactory;
import io.moderationstream.testing.JobRuns;
import io.moderationstream.testing.PipelineFixture;
import io.moderationstream.testing.TestEvents;
import io.moderationstream.testing.TestKafka;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A scorer that crashes three times during a run of 50,000 events (after checkpoints have committed output) makes
 * Flink restart the job from the last checkpoint each time; the transactional sink must still hold exactly one
 * committed verdict per event: none lost, none duplicated.
 */
class ExactlyOnceRecoveryIT {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(4).build());

    static final AtomicInteger SCORED = new AtomicInteger();
    static final AtomicInteger FAILURES = new AtomicInteger();
    static final int[] CRASH_AT = {10_000, 25_000, 40_000};

    /** Wraps a real scorer and crashes it each time the scored count passes the next mark of {@link #CRASH_AT}. */
    static ScorerFactory crashingRepeatedly(ScorerFactory real) {
        return () -> {
            BatchScorer delegate = (BatchScorer) real.create();
            return new BatchScorer() {
                @Override
                public String id() {
                    return delegate.id();
                }

                @Override
                public List<ScorerResult> score(List<GeneratedContent> events) throws Exception {
                    int scored = SCORED.addAndGet(events.size());
                    int failures = FAILURES.get();
                    if (failures < CRASH_AT.length && scored >= CRASH_AT[failures] && FAILURES.compareAndSet(failures, failures + 1)) {
                        throw new FatalScorerException("injected crash number " + (failures + 1) + " after " + scored + " scored events");
                    }
                    return delegate.score(events);
                }
            };
        };
    }

    @Test
    @Timeout(300)
    void everyEventHasExactlyOneCommittedVerdictAfterRepeatedCrashes() throws Exception {
        EmbeddedKafka kafka = TestKafka.get();
        JobConfig config = PipelineFixture.config(kafka.bootstrapServers(), JobConfig.DeliveryGuarantee.EXACTLY_ONCE,
                "checkpointing.interval=300ms");
        kafka.createTopics(2, PipelineFixture.topics(config));
        int n = 50_000;
        TopicIO.produce(kafka.bootstrapServers(), Map.of(), config.topics.events, TestEvents.mixedAvro(0, n));

        Map<String, ScorerFactory> scorers = io.moderationstream.scoring.ScorerRegistry.get().factories(config);
        scorers.put("watermark", crashingRepeatedly(scorers.get("watermark")));
        JobRuns.runToEnd(config, scorers, 2);

        assertThat(FAILURES.get()).as("the injected crashes happened").isEqualTo(CRASH_AT.length);
        List<Verdict> verdicts = JobRuns.read(kafka, config.topics.verdicts, Verdict.getDecoder());
        Map<String, Long> perEvent = verdicts.stream().collect(Collectors.groupingBy(Verdict::getEventId, Collectors.counting()));
        assertThat(perEvent).hasSize(n);
        assertThat(perEvent.values()).containsOnly(1L);
    }
}
