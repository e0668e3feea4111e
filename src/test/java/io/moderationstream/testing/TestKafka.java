package io.moderationstream.testing;

import io.moderationstream.tools.embedded.EmbeddedKafka;

/** One real KRaft broker per test JVM, started on first use and stopped at exit. */
public final class TestKafka {
    private static EmbeddedKafka broker;

    private TestKafka() {}

    public static synchronized EmbeddedKafka get() throws Exception {
        if (broker == null) {
            broker = EmbeddedKafka.start();
            EmbeddedKafka started = broker;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (Exception ignored) {
                    // the JVM is going away
                }
            }));
        }
        return broker;
    }
}
