package io.moderationstream.tools.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/** What the component benchmarks share: a timed loop and a fixed corpus of short texts. */
final class BenchSupport {
    private BenchSupport() {}

    /** Runs {@code body} repeatedly for about {@code seconds} after a warm-up, returns operations per second. */
    static double measure(double seconds, LongSupplier body) {
        long warmEnd = System.nanoTime() + (long) (seconds * 0.3e9);
        while (System.nanoTime() < warmEnd) {
            body.getAsLong();
        }
        long ops = 0;
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        while (System.nanoTime() < end) {
            ops += body.getAsLong();
        }
        return ops / ((System.nanoTime() - start) / 1e9);
    }

    /** ~30-token texts, varied so that nothing is cached anywhere. */
    static List<String> thirtyTokenTexts(int n) {
        String[] subjects = {"The committee", "My neighbour", "This product", "The new policy", "Our team", "That reviewer"};
        String[] verbs = {"announced", "criticised", "explained", "ignored", "praised", "questioned"};
        String[] objects = {"the quarterly results in a long and detailed meeting this morning",
            "the proposal without reading any of the supporting documents at all",
            "how the system handles errors when the network connection drops suddenly",
            "every single complaint that customers sent during the holiday season"};
        List<String> texts = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            texts.add(subjects[i % subjects.length] + " " + verbs[(i / 6) % verbs.length] + " " + objects[(i / 36) % objects.length]
                    + ", item " + i + ".");
        }
        return texts;
    }
}
