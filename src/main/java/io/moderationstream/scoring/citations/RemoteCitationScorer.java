package io.moderationstream.scoring.citations;

import io.moderationstream.avro.GeneratedContent;
import io.moderationstream.avro.ScorerResult;
import io.moderationstream.scoring.AsyncScorer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.ThreadSafeSimpleCounter;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The citations branch with remote resolvers: each reference is first checked against the local index on the task
 * thread (sub-millisecond); those it cannot vouch for (UNVERIFIABLE) go to Crossref / OpenAlex asynchronously. When
 * the event's time is up, the local verdicts stand and only the look-ups still out are UNVERIFIABLE.
 */
public class RemoteCitationScorer implements AsyncScorer {
    private final LocalIndexResolver local;
    private final RemoteCitationResolver remote;
    private final CitationChecker checker;
    private Counter remoteLookups = new ThreadSafeSimpleCounter();
    private Counter timeouts = new ThreadSafeSimpleCounter();

    public RemoteCitationScorer(LocalIndexResolver local, RemoteCitationResolver remote, int maxReferences) {
        this.local = local;
        this.remote = remote;
        this.checker = new CitationChecker(maxReferences);
    }

    @Override
    public String id() {
        return CitationsPlugin.ID;
    }

    @Override
    public void registerMetrics(MetricGroup group) {
        remoteLookups = group.counter("remoteLookups", new ThreadSafeSimpleCounter());
        timeouts = group.counter("remoteTimeouts", new ThreadSafeSimpleCounter());
        group.gauge("remoteCacheHits", remote::cacheHits);
    }

    @Override
    public CompletableFuture<ScorerResult> score(GeneratedContent event) {
        return checker.checkAsync(event.getCompletion(), ref -> {
            Resolution r = local.resolve(ref);
            if (r.status() == CitationStatus.UNVERIFIABLE && (ref.doi != null || ref.title != null)) {
                remoteLookups.inc();
                return remote.resolve(ref).exceptionally(e -> r);
            }
            return CompletableFuture.completedFuture(r);
        });
    }

    @Override
    public ScorerResult timedOut(GeneratedContent event) {
        timeouts.inc();
        return checker.check(event.getCompletion(), ref -> {
            Resolution r = local.resolve(ref);
            return r.status() == CitationStatus.UNVERIFIABLE
                    ? new Resolution(ref, CitationStatus.UNVERIFIABLE, null, List.of(), 0.1, "remote resolvers timed out")
                    : r;
        });
    }

    @Override
    public void close() throws Exception {
        try {
            local.close();
        } finally {
            remote.close();
        }
    }
}
