package io.moderationstream.scoring.citations;

import io.moderationstream.testing.FakeScholarlyApi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The real HTTP client code against a local server that answers like Crossref and OpenAlex. */
@Timeout(60)
class RemoteCitationResolverTest {
    private static FakeScholarlyApi api;

    @BeforeAll
    static void start() throws Exception {
        api = new FakeScholarlyApi();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @BeforeEach
    void normal() {
        api.mode(FakeScholarlyApi.Mode.NORMAL);
    }

    private static RemoteCitationResolver resolver(String... services) {
        return resolver(Duration.ofMillis(500), services);
    }

    private static RemoteCitationResolver resolver(Duration requestTimeout, String... services) {
        RemoteResolverConfig c = new RemoteResolverConfig();
        c.enabled = true;
        c.services = List.of(services);
        c.crossrefUrl = api.crossrefUrl();
        c.openalexUrl = api.openalexUrl();
        c.requestTimeout = requestTimeout;
        c.initialBackoff = Duration.ofMillis(20);
        c.maxAttempts = 3;
        return new RemoteCitationResolver(c);
    }

    /** A BibTeX-style reference: its author list is taken as complete. */
    private static Reference ref(String title, String doi, int year, String... authors) {
        Reference r = new Reference(Reference.Kind.BIBTEX, 0, 0, title);
        r.title = title;
        r.doi = doi;
        r.year = year;
        r.authors.addAll(List.of(authors));
        return r;
    }

    @Test
    void verifiesByDoiAndByTitleAtBothServices() {
        for (String service : List.of("crossref", "openalex")) {
            RemoteCitationResolver resolver = resolver(service);
            assertThat(resolver.resolve(ref("Deep Residual Learning for Image Recognition", "10.1109/cvpr.2016.90", 2016, "Kaiming He", "Xiangyu Zhang", "Shaoqing Ren", "Jian Sun")).join().status())
                    .as(service).isEqualTo(CitationStatus.VERIFIED);
            assertThat(resolver.resolve(ref("Hypergraph Neural Networks", null, 2019, "Yifan Feng", "Haoxuan You", "Zizhao Zhang", "Rongrong Ji", "Yue Gao")).join().status())
                    .as(service).isEqualTo(CitationStatus.VERIFIED);
        }
    }

    @Test
    void wrongAuthorsAreAMismatchAndUnknownWorksAreNotFound() {
        RemoteCitationResolver resolver = resolver("crossref");
        Resolution swapped = resolver.resolve(ref("Hypergraph Neural Networks", null, 2019, "Geoffrey Hinton", "Yann LeCun")).join();
        assertThat(swapped.status()).isEqualTo(CitationStatus.MISMATCH);
        assertThat(swapped.mismatchedFields()).contains("authors");
        assertThat(resolver.resolve(ref("Quantum Gradient Descent for Hyperbolic Transformers", null, 2021, "A. Person")).join().status())
                .isEqualTo(CitationStatus.NOT_FOUND);
        assertThat(resolver.resolve(ref(null, "10.9999/does.not.exist", 2021)).join().status()).isEqualTo(CitationStatus.NOT_FOUND);
    }

    @Test
    void anOutageIsUnverifiableNeverNotFound() {
        api.mode(FakeScholarlyApi.Mode.FAILING);
        // A generous request timeout: on a loaded machine a 500 ms one can expire before the request reaches the
        // server, and the attempt would not be counted there.
        RemoteCitationResolver resolver = resolver(Duration.ofSeconds(10), "crossref", "openalex");
        int before = api.requests();
        Resolution r = resolver.resolve(ref("Some Paper That Might Exist Somewhere", null, 2020, "A. Person")).join();
        assertThat(r.status()).isEqualTo(CitationStatus.UNVERIFIABLE);
        assertThat(r.explanation()).contains("unavailable");
        assertThat(api.requests() - before).as("3 attempts at each of the two services").isEqualTo(6);
    }

    @Test
    void transientErrorsAreRetriedWithBackoff() {
        api.mode(FakeScholarlyApi.Mode.FLAKY);
        Resolution r = resolver("crossref").resolve(ref("Deep Residual Learning for Image Recognition", "10.1109/cvpr.2016.90", 2016, "Kaiming He", "Xiangyu Zhang", "Shaoqing Ren", "Jian Sun")).join();
        assertThat(r.status()).isEqualTo(CitationStatus.VERIFIED);
    }

    @Test
    void slowServersTimeOutIntoUnverifiable() {
        api.mode(FakeScholarlyApi.Mode.SLOW);
        RemoteCitationResolver resolver = resolver("crossref");
        assertThat(resolver.resolve(ref("Deep Residual Learning for Image Recognition", null, 2016, "Kaiming He")).join().status())
                .isEqualTo(CitationStatus.UNVERIFIABLE);
    }

    @Test
    void verdictsAreCached() {
        RemoteCitationResolver resolver = resolver("crossref");
        Reference r = ref("Deep Residual Learning for Image Recognition", "10.1109/cvpr.2016.90", 2016, "Kaiming He", "Xiangyu Zhang", "Shaoqing Ren", "Jian Sun");
        resolver.resolve(r).join();
        int before = api.requests();
        assertThat(resolver.resolve(r).join().status()).isEqualTo(CitationStatus.VERIFIED);
        assertThat(api.requests()).isEqualTo(before);
        assertThat(resolver.cacheHits()).isEqualTo(1);
    }

    @Test
    void thePoliteRateLimitHoldsAndWhatCannotWaitIsUnverifiable() {
        RemoteResolverConfig c = new RemoteResolverConfig();
        c.services = List.of("crossref");
        c.crossrefUrl = api.crossrefUrl();
        c.requestTimeout = Duration.ofMillis(100);
        c.requestsPerSecond = 1;
        RemoteCitationResolver resolver = new RemoteCitationResolver(c);
        int before = api.requests();
        List<java.util.concurrent.CompletableFuture<Resolution>> burst = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            burst.add(resolver.resolve(ref("Deep Residual Learning for Image Recognition " + i, null, 2016, "Kaiming He")));
        }
        List<Resolution> results = burst.stream().map(java.util.concurrent.CompletableFuture::join).toList();
        // One permit per second, no request may wait longer than its own timeout: one goes out, four do not.
        assertThat(api.requests() - before).isEqualTo(1);
        assertThat(results).filteredOn(r -> r.status() == CitationStatus.UNVERIFIABLE).hasSize(4)
                .allSatisfy(r -> assertThat(r.explanation()).contains("RateLimitExceeded"));
    }
}
