package io.moderationstream.scoring;

import io.moderationstream.io.ValidatedEvent;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

import java.util.concurrent.TimeUnit;

/** Picks the operator that runs a branch's scorer: micro-batched on the task thread, or through Async I/O. */
public final class ScoringBranches {
    private ScoringBranches() {}

    /** The branch's scores; uids are {@code score-<id>} (batched) and {@code score-<id>-async}, kept for savepoints. */
    public static SingleOutputStreamOperator<PartialScore> scores(DataStream<ValidatedEvent> events, String scorerId,
                                                                  ScorerFactory factory, int batchSize,
                                                                  java.time.Duration batchTimeout) {
        String operator = "score-" + scorerId;
        ScorerFactory.Execution execution = factory.execution();
        return switch (execution.mode()) {
            case BATCHED -> events.rebalance()
                    .transform(operator, TypeInformation.of(PartialScore.class),
                            new MicroBatchScoringOperator(factory, batchSize, batchTimeout))
                    .uid(operator);
            case ASYNC -> AsyncDataStream.unorderedWait(events.rebalance(), new AsyncScoringFunction(factory, operator),
                            execution.timeout().toMillis(), TimeUnit.MILLISECONDS, execution.capacity())
                    .name(operator).uid(operator + "-async");
        };
    }
}
