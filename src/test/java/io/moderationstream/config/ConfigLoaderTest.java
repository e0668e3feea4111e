package io.moderationstream.config;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {
    private static JobConfig load(String yaml, Map<String, String> env, String... overrides) throws Exception {
        return new ConfigLoader(env).load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), List.of(overrides));
    }

    @Test
    void readsSnakeCaseYamlWithDurationsAndAppliesTypedOverrides() throws Exception {
        JobConfig c = load("""
                kafka:
                  bootstrap_servers: broker:9092
                merge:
                  timeout: 45s
                scorers:
                  toxicity:
                    parallelism: 3
                policy:
                  tenants:
                    kids:
                      toxicity_review: 0.3
                """, Map.of(), "scorers.toxicity.parallelism=5", "merge.timeout=2min", "fairness.dimensions=[gender, dialect]",
                "scorers.watermark.enabled=false");
        assertThat(c.kafka.bootstrapServers).isEqualTo("broker:9092");
        assertThat(c.scorers.toxicity.parallelism).isEqualTo(5);
        assertThat(c.merge.timeout).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.fairness.dimensions).containsExactly("gender", "dialect");
        assertThat(c.scorers.watermark.enabled).isFalse();
        assertThat(c.policy.tenants.get("kids").toxicityReview).isEqualTo(0.3);
        assertThat(c.policy.tenants.get("kids").toxicityBlock).as("unset fields keep their defaults").isEqualTo(0.85);
    }

    @Test
    void expandsEnvironmentReferencesAndFailsOnMissingOnes() throws Exception {
        JobConfig c = load("kafka:\n  properties:\n    sasl.jaas.config: 'password=\"${PW}\";'\n  group_id: ${GROUP:fallback}\n",
                Map.of("PW", "hunter2"));
        assertThat(c.kafka.properties.get("sasl.jaas.config")).isEqualTo("password=\"hunter2\";");
        assertThat(c.kafka.groupId).isEqualTo("fallback");
        assertThatThrownBy(() -> load("kafka:\n  group_id: ${NOT_SET}\n", Map.of()))
                .hasMessageContaining("NOT_SET");
    }

    @Test
    void kafkaPropertyOverridesKeepTheDotsOfKafkasKeys() throws Exception {
        JobConfig c = load("kafka:\n  properties:\n    security.protocol: SASL_SSL\n", Map.of(),
                "kafka.properties.ssl.truststore.location=/etc/kafka-ca/other.crt", "kafka.properties.security.protocol=SSL");
        assertThat(c.kafka.properties)
                .containsEntry("ssl.truststore.location", "/etc/kafka-ca/other.crt")
                .containsEntry("security.protocol", "SSL")
                .hasSize(2);
    }

    @Test
    void rejectsUnknownKeysSoThatTyposDoNotPassSilently() {
        assertThatThrownBy(() -> load("merge:\n  timout: 5s\n", Map.of())).hasMessageContaining("timout");
        assertThatThrownBy(() -> load("{}", Map.of(), "no-equals-sign")).hasMessageContaining("path.to.key=value");
    }
}
