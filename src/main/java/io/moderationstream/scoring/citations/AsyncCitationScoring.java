package io.moderationstream.scoring.citations;

import io.moderationstream.avro.ScorerResult;
import io.moderationstream.io.ValidatedEvent;
import io.moderationstream.scoring.PartialScore;
import io.moderationstream.scoring.ScorerFactories;
import io.moderationstream.scoring.ScorerName;
import io.moderationstream.scoring.ScorerResults;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The citations branch with remote resolvers, run through Flink Async I/O ({@code AsyncDataStream.unorderedWait}):
 * references are first checked against the local index on the task thread (sub-millisecond); those it cannot vouch
 * for (UNVERIFIABLE) go to Crossref / OpenAlex asynchronously. When the event's time is up, whatever is still pending
 * is reported UNVERIFIABLE: the verdict is never held back by a slow or failing API.
 */
public class AsyncCitationScoring extends RichAsyncFunction<ValidatedEvent, PartialScore> {
    private static final long serialVersionUID = 1L;

    private final CitationScorerConfig config;
    private transient LocalIndexResolver local;
    private transient RemoteCitationResolver remote;
    private transient ReferenceExtractor extractor;
    private transient Counter remoteLookups;
    private transient Counter timeouts;

    public AsyncCitationScoring(CitationScorerConfig config) {
        this.config = config;
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        local = new LocalIndexResolver(LocalCitationIndex.open(Path.of(config.indexDir)));
        remote = new RemoteCitationResolver(config.remote);
        extractor = new ReferenceExtractor();
        remoteLookups = getRuntimeContext().getMetricGroup().counter("remoteLookups");
        timeouts = getRuntimeContext().getMetricGroup().counter("remoteTimeouts");
        getRuntimeContext().getMetricGroup().gauge("remoteCacheHits", () -> remote.cacheHits());
    }

    @Override
    public void asyncInvoke(ValidatedEvent event, ResultFuture<PartialScore> resultFuture) {
        long start = System.nanoTime();
        List<Reference> refs = extractor.extract(event.content.getCompletion());
        if (refs.isEmpty()) {
            resultFuture.complete(List.of(new PartialScore(event.eventId(), ScorerResults.skipped(ScorerName.CITATIONS, "no references in the text"))));
            return;
        }
        List<CompletableFuture<Resolution>> pending = new ArrayList<>();
        for (Reference ref : refs.subList(0, Math.min(refs.size(), config.maxReferences))) {
            Resolution r = local.resolve(ref);
            if (r.status() == CitationStatus.UNVERIFIABLE && (ref.doi != null || ref.title != null)) {
                remoteLookups.inc();
                pending.add(remote.resolve(ref).exceptionally(e -> r));
            } else {
                pending.add(CompletableFuture.completedFuture(r));
            }
        }
        CompletableFuture.allOf(pending.toArray(new CompletableFuture[0])).whenComplete((ignored, error) -> {
            List<Resolution> resolutions = new ArrayList<>();
            pending.forEach(f -> resolutions.add(f.join()));
            ScorerResult result = CitationScorer.summarize(refs.size(), resolutions);
            result.setLatencyMs((System.nanoTime() - start) / 1e6);
            resultFuture.complete(List.of(new PartialScore(event.eventId(), result)));
        });
    }

    @Override
    public void timeout(ValidatedEvent event, ResultFuture<PartialScore> resultFuture) {
        timeouts.inc();
        // Local verdicts still stand; only the look-ups that did not come back are UNVERIFIABLE.
        List<Reference> refs = extractor.extract(event.content.getCompletion());
        List<Resolution> resolutions = new ArrayList<>();
        for (Reference ref : refs.subList(0, Math.min(refs.size(), config.maxReferences))) {
            Resolution r = local.resolve(ref);
            resolutions.add(r.status() == CitationStatus.UNVERIFIABLE
                    ? new Resolution(ref, CitationStatus.UNVERIFIABLE, null, List.of(), 0.1, "remote resolvers timed out") : r);
        }
        resultFuture.complete(List.of(new PartialScore(event.eventId(), CitationScorer.summarize(refs.size(), resolutions))));
    }

    @Override
    public void close() throws Exception {
        if (local != null) {
            local.close();
        }
        if (remote != null) {
            remote.close();
        }
    }

    /** Typed options of the job config's citations branch. */
    public static CitationScorerConfig options(io.moderationstream.config.JobConfig config) {
        return ScorerFactories.options(config.scorers.citations, CitationScorerConfig.class);
    }
}
