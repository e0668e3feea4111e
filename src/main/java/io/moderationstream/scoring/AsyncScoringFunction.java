package io.moderationstream.scoring;

import io.moderationstream.avro.ScorerResult;
import io.moderationstream.io.ValidatedEvent;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Runs an {@link AsyncScorer} through Flink Async I/O ({@code AsyncDataStream.unorderedWait}) with the same contract
 * as {@link MicroBatchScoringOperator}: a scorer that cannot be created fails the job at start; a failure on one event
 * becomes that event's ERROR result; an event whose time is up gets the scorer's {@link AsyncScorer#timedOut} answer,
 * so a slow or failing service never holds a verdict back.
 */
public class AsyncScoringFunction extends RichAsyncFunction<ValidatedEvent, PartialScore> {
    private static final long serialVersionUID = 1L;

    private final ScorerFactory factory;
    private final String operatorName;
    private transient AsyncScorer scorer;
    private transient ScoringMetrics metrics;

    public AsyncScoringFunction(ScorerFactory factory, String operatorName) {
        this.factory = factory;
        this.operatorName = operatorName;
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        scorer = ScorerFactories.createOrFailJob(factory, AsyncScorer.class, operatorName);
        metrics = new ScoringMetrics(getRuntimeContext().getMetricGroup());
        scorer.registerMetrics(getRuntimeContext().getMetricGroup());
    }

    @Override
    public void asyncInvoke(ValidatedEvent event, ResultFuture<PartialScore> resultFuture) {
        long start = System.nanoTime();
        CompletableFuture<ScorerResult> pending;
        try {
            pending = scorer.score(event.content);
        } catch (FatalScorerException e) {
            throw e;
        } catch (Exception | StackOverflowError e) {
            pending = CompletableFuture.failedFuture(e);
        }
        pending.whenComplete((result, failure) -> {
            ScorerResult answer = failure == null ? result : error(failure);
            long nanos = System.nanoTime() - start;
            answer.setLatencyMs(nanos / 1e6);
            metrics.scored.inc();
            metrics.latency.update(nanos);
            resultFuture.complete(List.of(new PartialScore(event.eventId(), answer)));
        });
    }

    @Override
    public void timeout(ValidatedEvent event, ResultFuture<PartialScore> resultFuture) {
        ScorerResult answer;
        try {
            answer = scorer.timedOut(event.content);
        } catch (FatalScorerException e) {
            throw e;
        } catch (Exception | StackOverflowError e) {
            answer = error(e);
        }
        metrics.scored.inc();
        resultFuture.complete(List.of(new PartialScore(event.eventId(), answer)));
    }

    private ScorerResult error(Throwable failure) {
        metrics.errors.inc();
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        return ScorerResults.error(scorer.id(), ScorerResults.describe(cause));
    }

    @Override
    public void close() throws Exception {
        if (scorer != null) {
            scorer.close();
        }
    }
}
