package io.moderationstream.tools.run;

import io.moderationstream.config.JobConfig;
import io.moderationstream.io.KafkaIO;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What {@code run} checks before it starts the job, each failure one line naming what and how to fix it: the brokers
 * answer, every topic the job reads or writes exists (or is created with the right settings), the schema registry
 * answers when the format needs it, and the checkpoint storage is writable.
 */
public final class StartupChecks {
    static final Duration TIMEOUT = Duration.ofSeconds(15);
    /** Compacted: the latest definition per slice id, the latest revision per fairness row, are what readers need. */
    private static final Set<String> COMPACTED = Set.of("topics.slices", "topics.fairness");

    private StartupChecks() {}

    /** Runs every check; returns the topics it created (empty without {@code createTopics}). */
    public static List<String> run(JobConfig config, boolean createTopics, int partitions) throws StartupException {
        List<String> created = checkKafka(config, createTopics, partitions);
        checkRegistry(config);
        CheckpointStorage.checkWritable(CheckpointStorage.root(config));
        return created;
    }

    static List<String> checkKafka(JobConfig config, boolean createTopics, int partitions) throws StartupException {
        Properties props = KafkaIO.clientProperties(config.kafka);
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka.bootstrapServers);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        try (Admin admin = Admin.create(props)) {
            int brokers;
            Set<String> existing;
            try {
                brokers = admin.describeCluster().nodes().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).size();
                existing = admin.listTopics().names().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new StartupException("no Kafka broker answers at " + config.kafka.bootstrapServers + " ("
                        + rootMessage(e) + "): check kafka.bootstrap_servers (--set kafka.bootstrap_servers=HOST:PORT) "
                        + "and kafka.properties, and that the brokers are up");
            }
            Map<String, String> missing = new java.util.LinkedHashMap<>();
            config.topics.byKey().forEach((key, topic) -> {
                if (!existing.contains(topic)) {
                    missing.put(key, topic);
                }
            });
            if (missing.isEmpty()) {
                return List.of();
            }
            if (!createTopics) {
                throw new StartupException("topic(s) " + String.join(", ", new TreeSet<>(missing.values())) + " missing on "
                        + config.kafka.bootstrapServers + " (" + String.join(", ", missing.keySet())
                        + "): create them, or start with --create-topics");
            }
            short replication = (short) Math.min(3, Math.max(1, brokers));
            List<NewTopic> topics = new ArrayList<>();
            missing.forEach((key, topic) -> {
                // The slices topic is a small control stream, broadcast to every subtask: one partition keeps its order.
                NewTopic t = new NewTopic(topic, key.equals("topics.slices") ? 1 : partitions, replication);
                if (COMPACTED.contains(key)) {
                    t.configs(Map.of("cleanup.policy", "compact"));
                }
                topics.add(t);
            });
            try {
                admin.createTopics(topics).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new StartupException("could not create topic(s) " + String.join(", ", missing.values()) + " on "
                        + config.kafka.bootstrapServers + " (" + rootMessage(e) + "): create them yourself, or grant the job CREATE");
            }
            return List.copyOf(missing.values());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartupException("interrupted while checking Kafka");
        }
    }

    static void checkRegistry(JobConfig config) throws StartupException {
        String url = config.serialization.registryUrl;
        if (url == null || url.isBlank()) {
            return;
        }
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(url.replaceAll("/+$", "") + "/system/info"))
                    .timeout(TIMEOUT).GET().build(), HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() >= 400) {
                throw new StartupException("the schema registry at " + url + " answered HTTP " + response.statusCode()
                        + ": check serialization.registry_url (an Apicurio Registry 3 base URL ending in /apis/registry/v3)");
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new StartupException("the schema registry at " + url + " does not answer (" + rootMessage(e)
                    + "): start it, or fix serialization.registry_url");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartupException("interrupted while checking the schema registry");
        }
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage().lines().findFirst().orElse(""));
    }
}
