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
        assertThat(c.scorers.get("toxicity").parallelism).isEqualTo(5);
        assertThat(c.merge.timeout).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.fairness.dimensions).containsExactly("gender", "dialect");
        assertThat(c.scorers.get("watermark").enabled).isFalse();
        var kids = new io.moderationstream.verdict.DecisionPolicy(c.policy).thresholdsFor("kids")
                .of(new io.moderationstream.scoring.toxicity.ToxicityPlugin());
        assertThat(kids.toxicityReview).isEqualTo(0.3);
        assertThat(kids.toxicityBlock).as("unset fields keep their defaults").isEqualTo(0.85);
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

    @Test
    void unknownKeysAreNamedWithTheNearestValidOne() {
        assertThatThrownBy(() -> load("merge:\n  timout: 5s\n", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("config: unknown key 'merge.timout'; did you mean 'timeout'?");
        assertThatThrownBy(() -> load("{}", Map.of(), "scorers.toxicity.batch_sise=4"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown key 'scorers.toxicity.batch_sise'; did you mean 'batch_size'?");
    }

    @Test
    void enumSettingsAreCheckedAtLoadWithTheNearestValue() throws Exception {
        assertThatThrownBy(() -> load("{}", Map.of(), "policy.defaults.watermark_action=REVEIW"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("policy.defaults.watermark_action is 'REVEIW', expected one of ALLOW, REVIEW, BLOCK (did you mean REVIEW?)");
        assertThatThrownBy(() -> load("{}", Map.of(), "delivery=EXACTLY_ONE"))
                .hasMessageContaining("did you mean EXACTLY_ONCE?");
        JobConfig c = load("{}", Map.of(), "policy.tenants.kids.degraded_action=block", "kafka.starting_offsets=latest");
        assertThat(c.policy.tenants.get("kids").degradedAction).isEqualTo(io.moderationstream.avro.Decision.BLOCK);
        assertThat(c.kafka.startingOffsets).isEqualTo(JobConfig.StartingOffsets.LATEST);
    }

    @Test
    void rangesAreCheckedAtLoad() {
        assertThatThrownBy(() -> load("{}", Map.of(), "policy.defaults.toxicity_review=1.5"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("policy.defaults.toxicity_review is 1.5, expected a probability in [0, 1]");
        assertThatThrownBy(() -> load("{}", Map.of(), "policy.defaults.toxicity_review=0.9", "policy.defaults.toxicity_block=0.6"))
                .hasMessageContaining("review must come first");
        assertThatThrownBy(() -> load("{}", Map.of(), "merge.timeout=0s")).hasMessageContaining("merge.timeout is PT0S, expected a positive duration");
        assertThatThrownBy(() -> load("{}", Map.of(), "scorers.citations.parallelism=0")).hasMessageContaining("scorers.citations.parallelism is 0, expected at least 1");
        assertThatThrownBy(() -> load("{}", Map.of(), "fairness.window_size=5min", "fairness.window_slide=10min"))
                .hasMessageContaining("fairness.window_slide is longer than fairness.window_size");
        assertThatThrownBy(() -> load("{}", Map.of(), "kafka.transaction_timeout=20min")).hasMessageContaining("transaction.max.timeout.ms");
        assertThatThrownBy(() -> load("{}", Map.of(), "serialization.format=registry"))
                .hasMessageContaining("serialization.registry_url must be set when serialization.format is registry");
        assertThatThrownBy(() -> load("{}", Map.of(), "serialization.format=regisrty")).hasMessageContaining("did you mean registry?");
        assertThatThrownBy(() -> load("{}", Map.of(), "fairness.discovery.max_order=5"))
                .hasMessageContaining("fairness.discovery.max_order is 5, expected 1, 2 or 3");
        assertThatThrownBy(() -> load("fairness:\n  discovery:\n    metrics: []\n", Map.of()))
                .hasMessageContaining("fairness.discovery.metrics is empty");
        assertThatThrownBy(() -> load("{}", Map.of(), "merge.timeout=soon")).isInstanceOf(ConfigException.class).hasMessageContaining("merge.timeout");
        assertThatThrownBy(() -> load("restart_attempts: many\n", Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("restart_attempts");
    }

    @Test
    void scorerOptionsAreTypedWithOneLineErrors() throws Exception {
        JobConfig c = load("{}", Map.of(), "scorers.toxicity.options.engine=lexicn");
        assertThatThrownBy(() -> io.moderationstream.scoring.ScorerRegistry.get().factories(c))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("scorers.toxicity.options")
                .hasMessageContaining("did you mean lexicon?");
        JobConfig scheme = load("{}", Map.of(), "scorers.watermark.options.keys=[{id: k, seeding_scheme: selfhsh}]");
        assertThatThrownBy(() -> io.moderationstream.scoring.ScorerRegistry.get().factories(scheme))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("scorers.watermark.options.keys[0].seeding_scheme is 'selfhsh'")
                .hasMessageContaining("did you mean SELFHASH?");
        JobConfig device = load("{}", Map.of(), "scorers.toxicity.options.device=gpu");
        assertThat(io.moderationstream.scoring.ScorerRegistry.get().options(device, io.moderationstream.scoring.toxicity.ToxicityScorerConfig.class).device)
                .isEqualTo(io.moderationstream.scoring.toxicity.ToxicityScorerConfig.Device.GPU);
        JobConfig typo = load("{}", Map.of(), "scorers.toxicity.options.max_token=64");
        assertThatThrownBy(() -> io.moderationstream.scoring.ScorerRegistry.get().factories(typo))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown key 'scorers.toxicity.options.max_token'; did you mean 'max_tokens'?");
    }

    @Test
    void emptySectionsKeepTheirDefaults() throws Exception {
        JobConfig c = load("merge:\nfairness:\n  dimensions: [gender, null]\npolicy:\n  tenants:\n    kids:\n", Map.of());
        assertThat(c.merge.timeout).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.fairness.dimensions).containsExactly("gender");
        assertThat(c.policy.tenants).isEmpty();
    }
}
