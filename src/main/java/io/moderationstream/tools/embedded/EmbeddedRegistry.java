package io.moderationstream.tools.embedded;

import io.moderationstream.config.ConfigException;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Apicurio Registry's own server (the Maven Central distribution {@code io.apicurio:apicurio-registry-app:3.3.3},
 * unpacked by the build into {@code target/apicurio-registry}) in a child JVM with in-memory storage, on a free
 * loopback port: the real registry for {@code demo --registry} and the tests. It needs Java 21 or later while the
 * project runs on 17, so the child uses {@code REGISTRY_JAVA_HOME}, or the first JDK ≥ 21 under {@code /usr/lib/jvm}.
 */
public final class EmbeddedRegistry implements AutoCloseable {
    public static final String HOME_ENV = "APICURIO_REGISTRY_HOME";
    public static final String JAVA_ENV = "REGISTRY_JAVA_HOME";

    private final Process process;
    private final int port;
    private final Path log;

    private EmbeddedRegistry(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts the registry and waits until it answers (about 6 to 15 s). */
    public static EmbeddedRegistry start() throws IOException, InterruptedException {
        Path home = home().orElseThrow(() -> new ConfigException("the embedded schema registry needs Apicurio Registry's distribution: run "
                + "'mvn package' (it unpacks io.apicurio:apicurio-registry-app:3.3.3 into target/apicurio-registry) or set " + HOME_ENV));
        Path java = javaAtLeast21().orElseThrow(() -> new ConfigException("the embedded schema registry needs a JDK 21 or later: set "
                + JAVA_ENV + " or install one under /usr/lib/jvm (e.g. Temurin 25)"));
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path log = Files.createTempFile("apicurio-registry-", ".log");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx512m",
                "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port,
                // Health and metrics on their own port (9000) would collide between two registries on one machine.
                "-Dquarkus.management.enabled=false",
                // No telemetry, no UI checks for updates: the machines that run this have no internet.
                "-Dquarkus.otel.enabled=false", "-Dquarkus.otel.sdk.disabled=true",
                "-jar", home.resolve("quarkus-run.jar").toString()));
        Process process = new ProcessBuilder(command).directory(home.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        EmbeddedRegistry registry = new EmbeddedRegistry(process, port, log);
        registry.awaitReady(Duration.ofSeconds(90));
        return registry;
    }

    /** The base URL of the Apicurio v3 API, what {@code serialization.registry_url} takes. */
    public String url() {
        return "http://127.0.0.1:" + port + "/apis/registry/v3";
    }

    /** The base URL of the Confluent-compatible API (what Confluent clients and Flink SQL's avro-confluent take). */
    public String confluentUrl() {
        return "http://127.0.0.1:" + port + "/apis/ccompat/v7";
    }

    /** The subjects the registry holds, from the Confluent-compatible API. */
    public String subjects() throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(confluentUrl() + "/subjects")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private void awaitReady(Duration timeout) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("the schema registry exited with " + process.exitValue() + "; its log: " + log + "\n" + tail());
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(url() + "/system/info")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        close();
        throw new IOException("the schema registry did not answer within " + timeout.toSeconds() + " s; its log: " + log + "\n" + tail());
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    static Optional<Path> home() {
        String fromEnv = System.getenv(HOME_ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Optional.of(Path.of(fromEnv)).filter(p -> Files.isRegularFile(p.resolve("quarkus-run.jar")));
        }
        return Stream.of(Path.of("target", "apicurio-registry"), Path.of("..", "target", "apicurio-registry"))
                .filter(p -> Files.isRegularFile(p.resolve("quarkus-run.jar"))).findFirst().map(Path::toAbsolutePath);
    }

    /** A {@code java} of release 21 or later: REGISTRY_JAVA_HOME, this JVM, or a JDK under /usr/lib/jvm. */
    public static Optional<Path> javaAtLeast21() {
        List<Path> candidates = new ArrayList<>();
        String fromEnv = System.getenv(JAVA_ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            candidates.add(Path.of(fromEnv));
        }
        candidates.add(Path.of(System.getProperty("java.home")));
        try (Stream<Path> jvms = Files.list(Path.of("/usr/lib/jvm"))) {
            jvms.sorted().forEach(candidates::add);
        } catch (IOException none) {
            // no system JDKs
        }
        return candidates.stream().filter(h -> release(h) >= 21).map(h -> h.resolve("bin").resolve("java"))
                .filter(Files::isExecutable).findFirst();
    }

    /** The feature release of a JDK home from its {@code release} file (JAVA_VERSION="25.0.1"), or 0. */
    static int release(Path home) {
        try {
            for (String line : Files.readAllLines(home.resolve("release"))) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String v = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                    String feature = v.startsWith("1.") ? v.substring(2) : v;
                    return Integer.parseInt(feature.split("[.+\\-]")[0]);
                }
            }
        } catch (IOException | NumberFormatException unknown) {
            // not a JDK we can read
        }
        return 0;
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
