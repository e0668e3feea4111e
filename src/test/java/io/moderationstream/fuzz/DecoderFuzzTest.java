package io.moderationstream.fuzz;

import io.moderationstream.io.ErrorCode;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.moderationstream.avro.GeneratedContent;
import io.moderationstream.avro.Label;
import io.moderationstream.config.JobConfig;
import io.moderationstream.io.EventDecoder;
import io.moderationstream.io.InvalidRecordException;
import org.apache.avro.message.BinaryMessageEncoder;

import java.nio.ByteBuffer;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The decoders' contract under arbitrary bytes: a valid record or an {@link InvalidRecordException} with a known code,
 * never another exception, and an accepted event always within the limits. In CI each target replays its committed
 * seeds and findings ({@code src/test/resources/io/moderationstream/fuzz/DecoderFuzzTestInputs/<target>/});
 * {@code JAZZER_FUZZ=1 mvn test -Dtest=DecoderFuzzTest#decodeEvent} fuzzes one target (see the README).
 */
class DecoderFuzzTest {
    /** Every code but the de-duplicator's: the decoder alone must never produce it. */
    private static final Set<ErrorCode> CODES = java.util.EnumSet.complementOf(java.util.EnumSet.of(ErrorCode.DUPLICATE_EVENT_ID));
    private static final JobConfig.Limits LIMITS = limits();
    /** The single-object header (C3 01 + the schema's fingerprint) that every Avro event on the wire starts with. */
    private static final byte[] EVENT_HEADER = header(GeneratedContent.getEncoder());
    private static final byte[] LABEL_HEADER = header(Label.getEncoder());

    private static JobConfig.Limits limits() {
        JobConfig.Limits l = new JobConfig.Limits();
        l.maxRecordBytes = 64 * 1024;
        l.maxCompletionChars = 4096;
        l.maxPromptChars = 4096;
        l.maxTokens = 512;
        return l;
    }

    private static <T> byte[] header(BinaryMessageEncoder<T> encoder) {
        try {
            byte[] any = toArray(encoder == (Object) GeneratedContent.getEncoder()
                    ? GeneratedContent.getEncoder().encode(io.moderationstream.testing.TestEvents.event("h", "x", java.util.Map.of(), 0))
                    : Label.getEncoder().encode(Label.newBuilder().setEventId("h").setLabels(java.util.Map.of())
                    .setLabelledAt(java.time.Instant.EPOCH).build()));
            return java.util.Arrays.copyOf(any, 10);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] toArray(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @FuzzTest(maxDuration = "30s")
    void decodeEvent(byte[] data) {
        try {
            GeneratedContent e = new EventDecoder(LIMITS).decodeEvent(data);
            assertThat(e.getEventId()).isNotBlank();
            assertThat(e.getCompletion().length()).isLessThanOrEqualTo(LIMITS.maxCompletionChars);
            assertThat(e.getTokenIds() == null || e.getTokenIds().size() <= LIMITS.maxTokens).isTrue();
        } catch (InvalidRecordException e) {
            assertThat(CODES).contains(e.code());
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    /** The Avro path: a valid header, then arbitrary bytes as the body. */
    @FuzzTest(maxDuration = "30s")
    void decodeAvroEvent(byte[] body) {
        decodeEvent(concat(EVENT_HEADER, body));
    }

    @FuzzTest(maxDuration = "30s")
    void decodeLabel(byte[] data) {
        try {
            Label l = new EventDecoder(LIMITS).decodeLabel(data);
            assertThat(l.getEventId()).isNotBlank();
        } catch (InvalidRecordException e) {
            assertThat(CODES).contains(e.code());
        }
    }

    @FuzzTest(maxDuration = "30s")
    void decodeAvroLabel(byte[] body) {
        decodeLabel(concat(LABEL_HEADER, body));
    }
}
