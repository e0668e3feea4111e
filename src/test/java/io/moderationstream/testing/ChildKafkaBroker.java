package io.moderationstream.testing;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real single-node KRaft Kafka server in a child JVM, run from the test classpath's Kafka artifacts. Unlike the
 * in-JVM test kit it can be killed with SIGKILL and started again on the same ports and log directory (broker-crash
 * tests), and its listeners are plain server properties (security tests: SASL_SSL with SCRAM-SHA-512).
 */
public final class ChildKafkaBroker implements AutoCloseable {
    /** Of the broker's PKCS12 keystore, which holds a key self-signed for localhost. */
    private static final String KEYSTORE_PASSWORD = "test-keystore-pass";
    private static final String INTER_BROKER_USER = "broker";
    private static final String INTER_BROKER_PASSWORD = "broker-secret";

    private final Path dir;
    private final int clientPort;
    private final int controllerPort;
    private final Map<String, String> scramUsers;
    private final boolean saslSsl;
    private Process process;
    private boolean formatted;

    private ChildKafkaBroker(Path dir, boolean saslSsl, Map<String, String> scramUsers) throws IOException {
        this.dir = dir;
        this.saslSsl = saslSsl;
        this.scramUsers = scramUsers;
        this.clientPort = freePort();
        this.controllerPort = freePort();
    }

    public static ChildKafkaBroker plaintext(Path dir) throws IOException {
        return new ChildKafkaBroker(dir, false, Map.of());
    }

    /** A broker whose only client listener is SASL_SSL with SCRAM-SHA-512, for the given user and password. */
    public static ChildKafkaBroker saslSsl(Path dir, String user, String password) throws IOException {
        Map<String, String> users = new LinkedHashMap<>();
        users.put(INTER_BROKER_USER, INTER_BROKER_PASSWORD);
        users.put(user, password);
        return new ChildKafkaBroker(dir, true, users);
    }

    public String bootstrapServers() {
        return "localhost:" + clientPort;
    }

    /** The PEM file that clients must trust to reach a SASL_SSL broker. */
    public Path caCertificate() {
        return dir.resolve("ca.crt");
    }

    /** Client properties for a SASL_SSL broker as the given user; empty for a plaintext one. */
    public Map<String, String> clientProperties(String user, String password) {
        if (!saslSsl) {
            return Map.of();
        }
        return Map.of(
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", scramJaas(user, password),
                "ssl.truststore.type", "PEM",
                "ssl.truststore.location", caCertificate().toString());
    }

    /** Formats the log directory on the first call, then starts the server and waits until it answers clients. */
    public synchronized void start() throws Exception {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("broker already running");
        }
        if (!formatted) {
            Files.createDirectories(dir);
            if (saslSsl) {
                createSelfSignedKeystore();
            }
            Files.writeString(dir.resolve("server.properties"), serverProperties());
            Files.writeString(dir.resolve("log4j2.properties"), String.join("\n",
                    "rootLogger.level = WARN",
                    "rootLogger.appenderRef.console.ref = Console",
                    "appender.console.name = Console",
                    "appender.console.type = Console",
                    "appender.console.layout.type = PatternLayout",
                    "appender.console.layout.pattern = %d{HH:mm:ss,SSS} %-5p %c{1} - %m%n", ""));
            List<String> format = new ArrayList<>(List.of("kafka.tools.StorageTool", "format",
                    "-t", UUID.randomUUID().toString().replace("-", "").substring(0, 22),
                    "-c", dir.resolve("server.properties").toString()));
            scramUsers.forEach((user, password) -> {
                format.add("--add-scram");
                format.add("SCRAM-SHA-512=[name=" + user + ",password=" + password + "]");
            });
            Process formatter = java(format, dir.resolve("format.log")).start();
            if (!formatter.waitFor(2, TimeUnit.MINUTES) || formatter.exitValue() != 0) {
                formatter.destroyForcibly();
                throw new IllegalStateException("kafka storage format failed:\n" + logTail("format.log"));
            }
            formatted = true;
        }
        process = java(List.of("kafka.Kafka", dir.resolve("server.properties").toString()), dir.resolve("broker.log")).start();
        Process started = process;
        // A test JVM that dies (a timeout, a crash) must not leave a Kafka server behind.
        Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly));
        awaitReady(Duration.ofMinutes(2));
    }

    /** SIGKILL: no controlled shutdown, no flush; the next {@link #start} recovers the logs as after a crash. */
    public synchronized void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    public void createTopics(int partitions, Map<String, String> clientProps, String... topics) throws Exception {
        try (Admin admin = Admin.create(adminProperties(clientProps))) {
            List<NewTopic> newTopics = new ArrayList<>();
            for (String t : topics) {
                newTopics.add(new NewTopic(t, partitions, (short) 1));
            }
            admin.createTopics(newTopics).all().get(1, TimeUnit.MINUTES);
        }
    }

    @Override
    public synchronized void close() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private void awaitReady(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        Map<String, Object> props = adminProperties(saslSsl ? clientProperties(INTER_BROKER_USER, INTER_BROKER_PASSWORD) : Map.of());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("kafka exited with " + process.exitValue() + ":\n" + logTail("broker.log"));
            }
            try (Admin admin = Admin.create(props)) {
                if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                    return;
                }
            } catch (Exception e) {
                last = e;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("kafka not ready after " + timeout + ":\n" + logTail("broker.log"), last);
    }

    private Map<String, Object> adminProperties(Map<String, String> clientProps) {
        Map<String, Object> props = new LinkedHashMap<>(clientProps);
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return props;
    }

    private String serverProperties() {
        List<String> lines = new ArrayList<>(List.of(
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@localhost:" + controllerPort,
                "controller.listener.names=CONTROLLER",
                "log.dirs=" + dir.resolve("data"),
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "transaction.max.timeout.ms=900000",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=false"));
        if (saslSsl) {
            lines.addAll(List.of(
                    "listeners=SASL_SSL://localhost:" + clientPort + ",CONTROLLER://localhost:" + controllerPort,
                    "advertised.listeners=SASL_SSL://localhost:" + clientPort,
                    "listener.security.protocol.map=SASL_SSL:SASL_SSL,CONTROLLER:PLAINTEXT",
                    "inter.broker.listener.name=SASL_SSL",
                    "sasl.enabled.mechanisms=SCRAM-SHA-512",
                    "sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512",
                    "listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=" + scramJaas(INTER_BROKER_USER, INTER_BROKER_PASSWORD),
                    "ssl.keystore.type=PKCS12",
                    "ssl.keystore.location=" + dir.resolve("broker.p12"),
                    "ssl.keystore.password=" + KEYSTORE_PASSWORD,
                    "ssl.key.password=" + KEYSTORE_PASSWORD,
                    "ssl.truststore.type=PEM",
                    "ssl.truststore.location=" + caCertificate()));
        } else {
            lines.addAll(List.of(
                    "listeners=PLAINTEXT://localhost:" + clientPort + ",CONTROLLER://localhost:" + controllerPort,
                    "advertised.listeners=PLAINTEXT://localhost:" + clientPort,
                    "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                    "inter.broker.listener.name=PLAINTEXT"));
        }
        return String.join("\n", lines) + "\n";
    }

    private static String scramJaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    /** The JDK's keytool: a self-signed key for localhost, and its certificate as the clients' PEM trust anchor. */
    private void createSelfSignedKeystore() throws Exception {
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        String keystore = dir.resolve("broker.p12").toString();
        run(List.of(keytool, "-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", keystore, "-storepass", KEYSTORE_PASSWORD, "-keypass", KEYSTORE_PASSWORD));
        run(List.of(keytool, "-exportcert", "-rfc", "-alias", "broker", "-keystore", keystore,
                "-storepass", KEYSTORE_PASSWORD, "-file", caCertificate().toString()));
    }

    private void run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("keytool.log").toFile()).start();
        if (!p.waitFor(1, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException(command.get(1) + " failed:\n" + logTail("keytool.log"));
        }
    }

    private ProcessBuilder java(List<String> mainAndArgs, Path log) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms128m", "-Xmx512m", "-XX:+UseSerialGC",
                "-Dlog4j2.configurationFile=" + dir.resolve("log4j2.properties"),
                "-cp", System.getProperty("java.class.path")));
        command.addAll(mainAndArgs);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    }

    private String logTail(String name) {
        try {
            List<String> lines = Files.readAllLines(dir.resolve(name), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no " + name + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}
