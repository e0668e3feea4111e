package io.moderationstream.scoring.citations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.RateLimiter;
import dev.failsafe.RetryPolicy;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Asynchronous look-ups in Crossref's REST API ({@code /works/{doi}}, {@code /works?query.bibliographic=}) and
 * OpenAlex ({@code /works/doi:{doi}}, {@code /works?search=}), with retries and exponential backoff on 429, 5xx and
 * I/O errors, a bounded LRU cache of verdicts, and the same matching rules as the local index. Any failure ends in
 * UNVERIFIABLE: an outage is never evidence of fabrication.
 */
public final class RemoteCitationResolver implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RemoteResolverConfig config;
    private final HttpClient http;
    /** Verdicts by reference (Caffeine: bounded, expiring, W-TinyLFU eviction, thread-safe for the async callbacks). */
    private final Cache<String, Resolution> cache;
    /** Retries with exponential backoff on 429, 5xx and I/O errors, under the polite rate limit (Failsafe). */
    private final FailsafeExecutor<JsonNode> failsafe;
    private final AtomicLong requests = new AtomicLong();

    public RemoteCitationResolver(RemoteResolverConfig config) {
        this.config = config;
        this.http = HttpClient.newBuilder().connectTimeout(config.requestTimeout).build();
        this.cache = Caffeine.newBuilder().maximumSize(config.cacheEntries).expireAfterWrite(config.cacheTtl).recordStats().build();
        RetryPolicy<JsonNode> retry = RetryPolicy.<JsonNode>builder()
                .handle(IOException.class)
                .withBackoff(config.initialBackoff, config.initialBackoff.multipliedBy(16))
                .withMaxAttempts(config.maxAttempts)
                .build();
        // Every attempt, retries included, waits for a permit; one that would wait longer than a request may take
        // fails at once, so a saturated API makes references UNVERIFIABLE instead of stalling the branch.
        RateLimiter<JsonNode> polite = RateLimiter.<JsonNode>smoothBuilder(Duration.ofNanos((long) (1e9 / config.requestsPerSecond)))
                .withMaxWaitTime(config.requestTimeout)
                .build();
        this.failsafe = Failsafe.with(retry, polite);
    }

    public long cacheHits() {
        return cache.stats().hitCount();
    }

    public long requests() {
        return requests.get();
    }

    public CompletableFuture<Resolution> resolve(Reference ref) {
        String key = cacheKey(ref);
        Resolution cached = cache.getIfPresent(key);
        if (cached != null) {
            return CompletableFuture.completedFuture(new Resolution(ref, cached.status(), cached.match(),
                    cached.mismatchedFields(), cached.confidence(), cached.explanation()));
        }
        CompletableFuture<Resolution> result = CompletableFuture.completedFuture(null);
        for (String service : config.services) {
            result = result.thenCompose(previous -> previous != null && previous.status() != CitationStatus.UNVERIFIABLE
                    ? CompletableFuture.completedFuture(previous)
                    : resolveWith(service, ref).exceptionally(e -> unavailable(ref, service, e)));
        }
        return result.thenApply(r -> {
            Resolution verdict = r == null ? unavailable(ref, "remote", null) : r;
            if (verdict.status() != CitationStatus.UNVERIFIABLE) {
                cache.put(key, verdict);
            }
            return verdict;
        });
    }

    private CompletableFuture<Resolution> resolveWith(String service, Reference ref) {
        boolean crossref = "crossref".equals(service);
        String base = crossref ? config.crossrefUrl : config.openalexUrl;
        if (ref.doi != null) {
            String path = crossref ? "/works/" + encode(ref.doi) : "/works/doi:" + encode(ref.doi);
            return get(base + path + mailto(path)).thenCompose(json -> {
                if (json == null) {
                    // A DOI that the registry does not know: fabricated unless the title is found elsewhere.
                    return ref.title == null
                            ? CompletableFuture.completedFuture(new Resolution(ref, CitationStatus.NOT_FOUND, null, List.of("doi"), 0.85,
                            "DOI " + ref.doi + " does not resolve at " + service))
                            : searchTitle(service, base, ref, true);
                }
                PaperRecord record = crossref ? fromCrossref(json.path("message")) : fromOpenAlex(json);
                return CompletableFuture.completedFuture(LocalIndexResolver.compare(ref, record, "doi (" + service + ")"));
            });
        }
        if (ref.title == null || Names.normalizeTitle(ref.title).split(" ").length < 3) {
            return CompletableFuture.completedFuture(null);
        }
        return searchTitle(service, base, ref, false);
    }

    private CompletableFuture<Resolution> searchTitle(String service, String base, Reference ref, boolean doiFailed) {
        boolean crossref = "crossref".equals(service);
        String query = ref.title + (ref.authors.isEmpty() ? "" : " " + Names.surname(ref.authors.get(0)));
        String path = crossref ? "/works?rows=5&query.bibliographic=" + encode(query) : "/works?per-page=5&search=" + encode(ref.title);
        return get(base + path + mailto(path)).thenApply(json -> {
            List<PaperRecord> candidates = new ArrayList<>();
            if (json != null) {
                JsonNode items = crossref ? json.path("message").path("items") : json.path("results");
                items.forEach(item -> candidates.add(crossref ? fromCrossref(item) : fromOpenAlex(item)));
            }
            String norm = Names.normalizeTitle(ref.title);
            PaperRecord best = null;
            double bestSim = 0;
            for (PaperRecord c : candidates) {
                double sim = LocalIndexResolver.titleSimilarity(norm, Names.normalizeTitle(c.title()));
                if (sim > bestSim) {
                    bestSim = sim;
                    best = c;
                }
            }
            if (best != null && bestSim >= LocalIndexResolver.SAME_TITLE) {
                Resolution r = LocalIndexResolver.compare(ref, best, "title (" + service + ")");
                if (doiFailed) {
                    List<String> fields = new ArrayList<>(r.mismatchedFields());
                    fields.add("doi");
                    return new Resolution(ref, CitationStatus.MISMATCH, best, fields, 0.8, "title found at " + service + " but the DOI does not resolve");
                }
                return r;
            }
            if (best != null && bestSim >= LocalIndexResolver.NEAR_TITLE) {
                return new Resolution(ref, CitationStatus.MISMATCH, best, List.of("title"), 0.6,
                        String.format("closest title at %s differs (similarity %.2f)", service, bestSim));
            }
            return new Resolution(ref, CitationStatus.NOT_FOUND, null, List.of(), 0.8, "no matching work at " + service);
        });
    }

    /** GET with retries; completes with null for 404, the JSON body for 2xx, exceptionally when attempts run out. */
    CompletableFuture<JsonNode> get(String url) {
        return failsafe.getStageAsync(() -> attempt(url));
    }

    private CompletableFuture<JsonNode> attempt(String url) {
        requests.incrementAndGet();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(config.requestTimeout)
                .header("Accept", "application/json").header("User-Agent", "moderation-stream/0.1").GET().build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                .thenApply(response -> {
                    int status = response.statusCode();
                    if (status == 404) {
                        return (JsonNode) null;
                    }
                    if (status == 429 || status >= 500) {
                        throw new CompletionException(new IOException("HTTP " + status + " from " + url));
                    }
                    if (status >= 300) {
                        throw new CompletionException(new IllegalStateException("HTTP " + status + " from " + url));
                    }
                    try {
                        return JSON.readTree(response.body());
                    } catch (IOException e) {
                        throw new CompletionException(e);
                    }
                });
    }

    static PaperRecord fromCrossref(JsonNode item) {
        List<String> authors = new ArrayList<>();
        item.path("author").forEach(a -> authors.add((a.path("given").asText("") + " " + a.path("family").asText("")).trim()));
        JsonNode parts = item.path("issued").path("date-parts");
        Integer year = parts.isArray() && parts.size() > 0 && parts.get(0).size() > 0 ? parts.get(0).get(0).asInt() : null;
        return new PaperRecord(item.path("DOI").asText(null), first(item.path("title")), authors, year,
                first(item.path("container-title")), item.path("DOI").asText(null), null);
    }

    static PaperRecord fromOpenAlex(JsonNode item) {
        List<String> authors = new ArrayList<>();
        item.path("authorships").forEach(a -> authors.add(a.path("author").path("display_name").asText("")));
        String doi = item.path("doi").asText(null);
        if (doi != null) {
            doi = doi.replaceFirst("^https?://doi.org/", "").toLowerCase(java.util.Locale.ROOT);
        }
        String title = item.hasNonNull("title") ? item.get("title").asText() : item.path("display_name").asText(null);
        Integer year = item.hasNonNull("publication_year") ? item.get("publication_year").asInt() : null;
        String venue = item.path("primary_location").path("source").path("display_name").asText(null);
        return new PaperRecord(item.path("id").asText(null), title, authors, year, venue, doi, null);
    }

    private static String first(JsonNode array) {
        return array.isArray() && array.size() > 0 ? array.get(0).asText() : array.isTextual() ? array.asText() : null;
    }

    private String mailto(String path) {
        return config.mailto == null ? "" : (path.contains("?") ? "&" : "?") + "mailto=" + encode(config.mailto);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String cacheKey(Reference ref) {
        return (ref.doi == null ? "" : ref.doi) + "|" + Names.normalizeTitle(ref.title) + "|" + ref.authors + "|" + ref.year + "|" + ref.venue;
    }

    private static Resolution unavailable(Reference ref, String service, Throwable e) {
        return new Resolution(ref, CitationStatus.UNVERIFIABLE, null, List.of(), 0.1,
                service + " unavailable" + (e == null ? "" : ": " + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : " " + e.getMessage())));
    }

    @Override
    public void close() {
        // java.net.http.HttpClient releases its resources when unreachable (close() is Java 21+).
    }

    Duration requestTimeout() {
        return config.requestTimeout;
    }
}
