package io.moderationstream.io;

import io.moderationstream.avro.Verdict;
import io.moderationstream.config.JobConfig;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A registry that cannot be asked is not the record's fault: the record is not dead-lettered, the task fails and
 * restarts from its checkpoint. (An id the registry answers it does not know is dead-lettered: SchemaRegistryIT.)
 */
class RegistryCodecTest {
    private static final byte[] FRAMED = {0, 0, 0, 0, 7, 2, 4};

    static String unreachable() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return "http://127.0.0.1:" + s.getLocalPort() + "/apis/registry/v3";
        }
    }

    @Test
    void anUnreachableRegistryIsNotTheRecordsFault() throws Exception {
        try (RegistryCodec codec = new RegistryCodec(unreachable())) {
            assertThatThrownBy(() -> codec.deserialize("events", FRAMED, Verdict.class))
                    .isInstanceOf(RegistryUnavailableException.class).hasMessageContaining("schema id 7");
        }
    }

    @Test
    void validationFailsTheTaskInsteadOfDeadLetteringValidInput() throws Exception {
        JobConfig.Serialization serialization = new JobConfig.Serialization();
        serialization.registryUrl = unreachable();
        var harness = ProcessFunctionTestHarnesses.forProcessFunction(new ValidateEvents(new JobConfig.Limits(), serialization));
        RawRecord raw = new RawRecord();
        raw.topic = "events";
        raw.value = FRAMED;
        assertThatThrownBy(() -> harness.processElement(raw, 0)).isInstanceOf(RegistryUnavailableException.class);
        assertThat(harness.getSideOutput(DeadLetters.TAG)).isNull();
        harness.close();
    }
}
