package io.moderationstream.io;

import io.moderationstream.avro.Verdict;
import io.moderationstream.config.ConfigException;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the start says when the registry cannot be used (the registry itself: SchemaRegistryIT). */
class SchemaRegistrationTest {
    @Test
    void anUnreachableRegistryStopsTheStartWithOneLineNamingTheSetting() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closedPort + "/apis/registry/v3";
        assertThatThrownBy(() -> SchemaRegistration.register(url, Map.of("verdicts", Verdict.getClassSchema())))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("serialization.registry_url " + url + " cannot be used to register subject verdicts-value")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void subjectsFollowTheTopicNameStrategy() {
        assertThat(SchemaRegistration.subject("verdicts")).isEqualTo("verdicts-value");
    }
}
