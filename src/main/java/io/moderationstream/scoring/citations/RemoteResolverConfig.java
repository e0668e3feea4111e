package io.moderationstream.scoring.citations;

import java.io.Serializable;
import java.time.Duration;

/** {@code scorers.citations.options.remote}: Crossref and OpenAlex look-ups for references the local index cannot vouch for. */
public class RemoteResolverConfig implements Serializable {
    private static final long serialVersionUID = 1L;
    public boolean enabled = false;
    /** crossref, openalex or both (tried in this order until one gives a verdict). */
    public java.util.List<String> services = new java.util.ArrayList<>(java.util.List.of("crossref", "openalex"));
    public String crossrefUrl = "https://api.crossref.org";
    public String openalexUrl = "https://api.openalex.org";
    /** Identifies the job to the APIs' "polite pool" (mailto parameter). */
    public String mailto;
    /** Per HTTP request. */
    public Duration requestTimeout = Duration.ofSeconds(3);
    /** Whole event (Flink Async I/O timeout): pending look-ups become UNVERIFIABLE. */
    public Duration eventTimeout = Duration.ofSeconds(10);
    /** Events in flight per subtask (Async I/O capacity): bounds memory and back-pressures the source. */
    public int capacity = 100;
    public int maxAttempts = 3;
    public Duration initialBackoff = Duration.ofMillis(200);
    public int cacheEntries = 10_000;
    /** A cached verdict is asked again after this (a paper may be added to the registry meanwhile). */
    public Duration cacheTtl = Duration.ofHours(24);
    /**
     * Requests per second per subtask, retries included (smooth rate limiter): the APIs ask for politeness —
     * OpenAlex allows 10/s, Crossref's public pool about the same and more with mailto. Divide by the parallelism.
     */
    public double requestsPerSecond = 5;
}
