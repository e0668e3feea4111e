package io.moderationstream.scoring;

/** A span of the completion that holds a value no output may show, and the label that stands in for it ({@code EMAIL_ADDRESS}). */
public record SensitiveSpan(int begin, int end, String label) {}
