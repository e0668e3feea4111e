package io.moderationstream.io;

import io.apicurio.registry.client.RegistryClientFactory;
import io.apicurio.registry.client.common.RegistryClientOptions;
import io.apicurio.registry.rest.client.RegistryClient;
import io.apicurio.registry.rest.client.models.CreateArtifact;
import io.apicurio.registry.rest.client.models.CreateRule;
import io.apicurio.registry.rest.client.models.CreateVersion;
import io.apicurio.registry.rest.client.models.IfArtifactExists;
import io.apicurio.registry.rest.client.models.ProblemDetails;
import io.apicurio.registry.rest.client.models.RuleType;
import io.apicurio.registry.rest.client.models.VersionContent;
import io.moderationstream.config.ConfigException;
import org.apache.avro.Schema;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Registers the job's output schemas when it starts, so that an incompatible schema change fails the start with a
 * clear message instead of failing every record: per topic the subject {@code <topic>-value} (group
 * {@value #GROUP}, as the serde's topic strategy and the Confluent-compatible API name it), a BACKWARD compatibility
 * rule when the subject has none (an operator's own rule is left alone), then the schema as a new version unless the
 * same content is registered already.
 */
public final class SchemaRegistration {
    public static final String GROUP = "default";

    private SchemaRegistration() {}

    public static String subject(String topic) {
        return topic + "-value";
    }

    /** Where a schema is registered: its version under the subject, and the content id records are framed with. */
    public record Registered(String subject, String version, long contentId) {}

    /** Registers each topic's schema, whole (named types inline, no references), so any Avro reader can parse it. */
    public static Map<String, Registered> register(String url, Map<String, Schema> schemasByTopic) {
        RegistryClient client = RegistryClientFactory.create(RegistryClientOptions.create(url));
        Map<String, Registered> ids = new LinkedHashMap<>();
        for (var e : schemasByTopic.entrySet()) {
            String subject = subject(e.getKey());
            Schema schema = e.getValue();
            try {
                ids.put(e.getKey(), register(client, subject, schema));
            } catch (ProblemDetails problem) {
                throw new ConfigException("serialization.registry_url: the " + schema.getName() + " schema of topic " + e.getKey()
                        + " cannot be registered under subject " + subject + " at " + url + ": " + problem.getTitle()
                        + (problem.getDetail() == null ? "" : " — " + problem.getDetail())
                        + ". Make the change BACKWARD compatible (new fields need defaults; see the README's schema-evolution rules)"
                        + " or write to a new topic");
            } catch (RuntimeException failure) { // unreachable, not a registry, refused credentials
                Throwable cause = failure;
                while (cause.getCause() != null && cause.getCause() != cause) {
                    cause = cause.getCause();
                }
                throw new ConfigException("serialization.registry_url " + url + " cannot be used to register subject " + subject + ": "
                        + cause);
            }
        }
        return ids;
    }

    private static Registered register(RegistryClient client, String subject, Schema schema) {
        var artifacts = client.groups().byGroupId(GROUP).artifacts();
        boolean exists = exists(client, subject);
        if (exists) {
            ensureCompatibilityRule(client, subject);
        }
        CreateArtifact artifact = new CreateArtifact();
        artifact.setArtifactId(subject);
        artifact.setArtifactType("AVRO");
        VersionContent content = new VersionContent();
        content.setContent(schema.toString());
        content.setContentType("application/json");
        CreateVersion version = new CreateVersion();
        version.setContent(content);
        artifact.setFirstVersion(version);
        var created = artifacts.post(artifact, c -> c.queryParameters.ifExists = IfArtifactExists.FIND_OR_CREATE_VERSION);
        if (!exists) {
            ensureCompatibilityRule(client, subject);
        }
        return new Registered(subject, created.getVersion().getVersion(), created.getVersion().getContentId());
    }

    private static boolean exists(RegistryClient client, String subject) {
        try {
            client.groups().byGroupId(GROUP).artifacts().byArtifactId(subject).get();
            return true;
        } catch (ProblemDetails problem) {
            if (problem.getStatus() != null && problem.getStatus() == 404) {
                return false;
            }
            throw problem;
        }
    }

    private static void ensureCompatibilityRule(RegistryClient client, String subject) {
        var rules = client.groups().byGroupId(GROUP).artifacts().byArtifactId(subject).rules();
        if (rules.get().stream().noneMatch(r -> r == RuleType.COMPATIBILITY)) {
            CreateRule rule = new CreateRule();
            rule.setRuleType(RuleType.COMPATIBILITY);
            rule.setConfig("BACKWARD");
            rules.post(rule);
        }
    }
}
