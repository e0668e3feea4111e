package io.moderationstream.scoring.citations;

import io.moderationstream.scoring.citations.index.CitationIndexBuilder;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.moderationstream.avro.GeneratedContent;
import io.moderationstream.avro.ScorerResult;
import io.moderationstream.avro.ScorerStatus;
import io.moderationstream.io.ValidatedEvent;
import io.moderationstream.scoring.AsyncScoringFunction;
import io.moderationstream.scoring.MicroBatchScoringOperator;
import io.moderationstream.scoring.PartialScore;
import io.moderationstream.scoring.ScorerFactory;
import io.moderationstream.testing.FakeScholarlyApi;
import io.moderationstream.testing.TestEvents;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.TypeExtractor;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.streaming.api.functions.async.AsyncFunction;
import org.apache.flink.streaming.api.operators.async.AsyncWaitOperatorFactory;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The citations branch's contract, the same in both of its modes, each run by the operator the branch builder picks
 * for it: local index only (micro-batched) and with remote look-ups (Async I/O). A failing event gets an ERROR result
 * and costs no other event its score; a missing index fails the job at start with the command that builds it.
 */
class CitationScoringModesTest {
    enum Mode { LOCAL_BATCHED, REMOTE_ASYNC }

    @TempDir
    static Path dir;
    static FakeScholarlyApi api;

    @BeforeAll
    static void buildIndex() throws Exception {
        Path input = dir.resolve("papers.jsonl");
        Files.writeString(input, new ObjectMapper().writeValueAsString(Map.of(
                "title", "Calibrate Before Use: Improving Few-shot Performance of Language Models",
                "authors", List.of("Zihao Zhao", "Eric Wallace", "Shi Feng", "Dan Klein", "Sameer Singh"),
                "year", "2021", "venue", "icml")) + "\n");
        CitationIndexBuilder.build(List.of(input), dir.resolve("index"));
        api = new FakeScholarlyApi();
        api.mode(FakeScholarlyApi.Mode.FAILING);
    }

    @AfterAll
    static void stopApi() {
        api.close();
    }

    static CitationScorerConfig config(Mode mode, Path index) {
        CitationScorerConfig c = new CitationScorerConfig();
        c.indexDir = index.toString();
        c.remote.enabled = mode == Mode.REMOTE_ASYNC;
        c.remote.crossrefUrl = api.crossrefUrl();
        c.remote.openalexUrl = api.openalexUrl();
        c.remote.maxAttempts = 1;
        c.remote.eventTimeout = Duration.ofSeconds(20);
        return c;
    }

    static OneInputStreamOperatorTestHarness<ValidatedEvent, PartialScore> harness(Mode mode, CitationScorerConfig c) throws Exception {
        return harness(mode, c, new io.moderationstream.scoring.citations.CitationsPlugin().factory(c));
    }

    @SuppressWarnings("unchecked")
    static OneInputStreamOperatorTestHarness<ValidatedEvent, PartialScore> harness(Mode mode, CitationScorerConfig c,
                                                                                 ScorerFactory factory) throws Exception {
        assertThat(factory.execution().mode())
                .isEqualTo(mode == Mode.LOCAL_BATCHED ? ScorerFactory.Mode.BATCHED : ScorerFactory.Mode.ASYNC);
        TypeSerializer<ValidatedEvent> in = TypeExtractor.getForClass(ValidatedEvent.class).createSerializer(new org.apache.flink.api.common.serialization.SerializerConfigImpl());
        return switch (mode) {
            case LOCAL_BATCHED -> new OneInputStreamOperatorTestHarness<>(
                    new MicroBatchScoringOperator(factory, 8, Duration.ofMillis(50)), in);
            case REMOTE_ASYNC -> new OneInputStreamOperatorTestHarness<>(new AsyncWaitOperatorFactory<>(
                    (AsyncFunction<ValidatedEvent, PartialScore>) new AsyncScoringFunction(factory, "score-citations"),
                    c.remote.eventTimeout.toMillis(), 4, org.apache.flink.streaming.api.datastream.AsyncDataStream.OutputMode.UNORDERED), in);
        };
    }

    static StreamRecord<ValidatedEvent> event(String id, String completion) {
        return new StreamRecord<>(new ValidatedEvent(TestEvents.event(id, completion, Map.of(), 0), "events", 0, 0, 0), 0);
    }

    /** Scores each event until the end of input, whichever operator runs the branch. */
    static List<PartialScore> run(OneInputStreamOperatorTestHarness<ValidatedEvent, PartialScore> harness,
                                  List<StreamRecord<ValidatedEvent>> events) throws Exception {
        harness.open();
        synchronized (harness.getCheckpointLock()) {
            for (StreamRecord<ValidatedEvent> e : events) {
                harness.processElement(e);
            }
        }
        harness.endInput();
        harness.getOperator().finish();
        return harness.extractOutputValues();
    }

    /** The real citations scorer of the mode, made to throw on any event whose completion holds "BOOM". */
    static ScorerFactory failingOnBoom(Mode mode, CitationScorerConfig c) {
        ScorerFactory real = new io.moderationstream.scoring.citations.CitationsPlugin().factory(c);
        return new ScorerFactory() {
            @Override
            public io.moderationstream.scoring.Scorer create() throws Exception {
                io.moderationstream.scoring.Scorer scorer = real.create();
                if (scorer instanceof io.moderationstream.scoring.BatchScorer batch) {
                    return new io.moderationstream.scoring.BatchScorer() {
                        public String id() {
                            return batch.id();
                        }

                        public List<ScorerResult> score(List<GeneratedContent> events) throws Exception {
                            events.forEach(CitationScoringModesTest::boom);
                            return batch.score(events);
                        }
                    };
                }
                io.moderationstream.scoring.AsyncScorer async = (io.moderationstream.scoring.AsyncScorer) scorer;
                return new io.moderationstream.scoring.AsyncScorer() {
                    public String id() {
                        return async.id();
                    }

                    public java.util.concurrent.CompletableFuture<ScorerResult> score(GeneratedContent event) throws Exception {
                        boom(event);
                        return async.score(event);
                    }

                    public ScorerResult timedOut(GeneratedContent event) throws Exception {
                        return async.timedOut(event);
                    }
                };
            }

            @Override
            public Execution execution() {
                return real.execution();
            }
        };
    }

    static void boom(GeneratedContent event) {
        if (event.getCompletion().contains("BOOM")) {
            throw new IllegalStateException("cannot extract references from " + event.getEventId());
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void oneFailingEventGetsAnErrorAndTheOthersTheirScores(Mode mode) throws Exception {
        CitationScorerConfig c = config(mode, dir.resolve("index"));
        try (var harness = harness(mode, c, failingOnBoom(mode, c))) {
            Map<String, ScorerResult> results = run(harness, List.of(
                    event("real", "As shown in [1].\n[1] Zihao Zhao, Eric Wallace, Shi Feng, Dan Klein, Sameer Singh. "
                            + "Calibrate Before Use: Improving Few-shot Performance of Language Models. In Proceedings of ICML, 2021."),
                    event("broken", "BOOM [1] Zihao Zhao. Calibrate Before Use. ICML, 2021."),
                    event("none", "A friendly answer without any citation.")))
                    .stream().collect(Collectors.toMap(p -> p.eventId, p -> p.result));
            assertThat(results).containsOnlyKeys("real", "broken", "none");
            assertThat(results.get("real").getStatus()).isEqualTo(ScorerStatus.OK);
            assertThat(results.get("real").getEvidence()).singleElement()
                    .satisfies(e -> assertThat(e.getAttributes().get("status")).isEqualTo("VERIFIED"));
            assertThat(results.get("real").getScores().get("fabricated_citation")).isZero();
            assertThat(results.get("broken").getStatus()).isEqualTo(ScorerStatus.ERROR);
            assertThat(results.get("broken").getMessage()).isEqualTo("IllegalStateException: cannot extract references from broken");
            assertThat(results.get("none").getStatus()).isEqualTo(ScorerStatus.SKIPPED);
            assertThat(results.values()).allSatisfy(r -> assertThat(r.getScorer()).isEqualTo("citations"));
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void aMissingIndexFailsTheJobAtStartWithTheCommandThatBuildsIt(Mode mode) throws Exception {
        var harness = harness(mode, config(mode, dir.resolve("no-such-index")));
        assertThatThrownBy(harness::open)
                .isInstanceOf(SuppressRestartsException.class)
                .hasStackTraceContaining("citation index not found")
                .hasStackTraceContaining("citations index --input");
    }

    /** Both modes agree event by event on what the local index can decide (the remote services are down here). */
    @org.junit.jupiter.api.Test
    void bothModesGiveTheSameLocalVerdicts() throws Exception {
        Function<Mode, Map<String, String>> statuses = mode -> {
            try (var harness = harness(mode, config(mode, dir.resolve("index")))) {
                return run(harness, List.of(
                        event("real", "[1] Zihao Zhao, Eric Wallace. Calibrate Before Use: Improving Few-shot "
                                + "Performance of Language Models. In Proceedings of ICML, 2021."),
                        event("wrong-year", "[1] Zihao Zhao, Eric Wallace. Calibrate Before Use: Improving Few-shot "
                                + "Performance of Language Models. In Proceedings of ICML, 2019.")))
                        .stream().collect(Collectors.toMap(p -> p.eventId,
                        p -> p.result.getEvidence().get(0).getAttributes().get("status")));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        };
        Map<String, String> local = statuses.apply(Mode.LOCAL_BATCHED);
        assertThat(local).containsEntry("real", "VERIFIED").containsEntry("wrong-year", "MISMATCH");
        assertThat(statuses.apply(Mode.REMOTE_ASYNC)).isEqualTo(local);
    }
}
