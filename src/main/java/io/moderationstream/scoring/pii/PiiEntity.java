package io.moderationstream.scoring.pii;

/**
 * One value found in a text: its type, its UTF-16 offsets (end exclusive), a confidence in [0, 1] and, for secrets,
 * the gitleaks rule that matched. The value itself is {@code text.substring(begin, end)} and never leaves the scorer.
 */
public record PiiEntity(PiiType type, int begin, int end, double score, String rule) {

    public int length() {
        return end - begin;
    }

    public boolean overlaps(PiiEntity other) {
        return begin < other.end && other.begin < end;
    }
}
