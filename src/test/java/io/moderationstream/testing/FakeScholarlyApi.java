package io.moderationstream.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local stand-in for the Crossref REST API and OpenAlex (no internet here), serving their documented response
 * shapes for a handful of real papers, with switchable failure modes: slow, failing (HTTP 500), flaky (503 first).
 */
public final class FakeScholarlyApi implements AutoCloseable {
    public enum Mode { NORMAL, SLOW, FAILING, FLAKY }

    record Paper(String doi, String title, List<String[]> authors, int year, String venue) {}

    static final List<Paper> PAPERS = List.of(
            new Paper("10.1109/cvpr.2016.90", "Deep Residual Learning for Image Recognition",
                    List.of(new String[] {"Kaiming", "He"}, new String[] {"Xiangyu", "Zhang"}, new String[] {"Shaoqing", "Ren"}, new String[] {"Jian", "Sun"}),
                    2016, "2016 IEEE Conference on Computer Vision and Pattern Recognition (CVPR)"),
            new Paper("10.1609/aaai.v33i01.33013159", "Hypergraph Neural Networks",
                    List.of(new String[] {"Yifan", "Feng"}, new String[] {"Haoxuan", "You"}, new String[] {"Zizhao", "Zhang"}, new String[] {"Rongrong", "Ji"}, new String[] {"Yue", "Gao"}),
                    2019, "Proceedings of the AAAI Conference on Artificial Intelligence"));

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;
    private volatile Mode mode = Mode.NORMAL;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger flakyFailuresLeft = new AtomicInteger();

    public FakeScholarlyApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/crossref/works", ex -> handle(ex, true));
        server.createContext("/openalex/works", ex -> handle(ex, false));
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.start();
    }

    public String crossrefUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/crossref";
    }

    public String openalexUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/openalex";
    }

    public void mode(Mode mode) {
        this.mode = mode;
        flakyFailuresLeft.set(mode == Mode.FLAKY ? 2 : 0);
    }

    public int requests() {
        return requests.get();
    }

    private void handle(HttpExchange ex, boolean crossref) throws IOException {
        requests.incrementAndGet();
        try {
            if (mode == Mode.SLOW) {
                Thread.sleep(3_000);
            }
            if (mode == Mode.FAILING || (mode == Mode.FLAKY && flakyFailuresLeft.getAndDecrement() > 0)) {
                respond(ex, mode == Mode.FAILING ? 500 : 503, "{\"status\":\"error\"}");
                return;
            }
            String path = ex.getRequestURI().getPath();
            String query = ex.getRequestURI().getRawQuery();
            String prefix = crossref ? "/crossref/works/" : "/openalex/works/doi:";
            if (path.startsWith(prefix)) {
                String doi = URLDecoder.decode(path.substring(prefix.length()), StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
                Paper p = PAPERS.stream().filter(x -> x.doi.equals(doi)).findFirst().orElse(null);
                if (p == null) {
                    respond(ex, 404, "Resource not found.");
                    return;
                }
                if (crossref) {
                    ObjectNode body = JSON.createObjectNode().put("status", "ok");
                    body.set("message", crossrefItem(p));
                    respond(ex, 200, body.toString());
                } else {
                    respond(ex, 200, openalexItem(p).toString());
                }
                return;
            }
            String q = query == null ? "" : URLDecoder.decode(query, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
            ArrayNode items = JSON.createArrayNode();
            for (Paper p : PAPERS) {
                String firstWords = p.title.toLowerCase(Locale.ROOT).split(" ")[0] + " " + p.title.toLowerCase(Locale.ROOT).split(" ")[1];
                if (q.contains(firstWords)) {
                    items.add(crossref ? crossrefItem(p) : openalexItem(p));
                }
            }
            ObjectNode body = JSON.createObjectNode();
            if (crossref) {
                body.put("status", "ok").putObject("message").set("items", items);
            } else {
                body.set("results", items);
            }
            respond(ex, 200, body.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            ex.close();
        }
    }

    private static ObjectNode crossrefItem(Paper p) {
        ObjectNode item = JSON.createObjectNode().put("DOI", p.doi);
        item.putArray("title").add(p.title);
        ArrayNode authors = item.putArray("author");
        p.authors.forEach(a -> authors.addObject().put("given", a[0]).put("family", a[1]));
        item.putObject("issued").putArray("date-parts").addArray().add(p.year);
        item.putArray("container-title").add(p.venue);
        return item;
    }

    private static ObjectNode openalexItem(Paper p) {
        ObjectNode item = JSON.createObjectNode().put("id", "https://openalex.org/W" + Math.abs(p.doi.hashCode()))
                .put("doi", "https://doi.org/" + p.doi).put("title", p.title).put("display_name", p.title).put("publication_year", p.year);
        ArrayNode authorships = item.putArray("authorships");
        p.authors.forEach(a -> authorships.addObject().putObject("author").put("display_name", a[0] + " " + a[1]));
        item.putObject("primary_location").putObject("source").put("display_name", p.venue);
        return item;
    }

    private static void respond(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
