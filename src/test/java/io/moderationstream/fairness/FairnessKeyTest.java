package io.moderationstream.fairness;

import io.moderationstream.avro.FairnessStats;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FairnessKeyTest {
    static FairnessStats row(String dimension, String group, String tenant, long windowStart, int revision) {
        GroupWindowStats g = DisparityCalculatorTest.group(group, 10, 2, 0, 0, 0, 0, 0);
        g.dimension = dimension;
        g.tenantId = tenant;
        g.windowStart = windowStart;
        g.windowEnd = windowStart + 3_600_000;
        return new DisparityCalculator(5, 0.8, 1.96).compute(List.of(g), revision, 0).get(0);
    }

    @Test
    void everyWindowOfEveryGroupHasItsOwnKeyAndRevisionsShareIt() {
        assertThat(FairnessKey.of(row("dialect", "aae", null, 0, 0))).isEqualTo("[\"dialect\",\"aae\",null,null,0]");
        // A revision of the same window upserts; the next window does not overwrite it under compaction.
        assertThat(FairnessKey.of(row("dialect", "aae", null, 0, 1))).isEqualTo(FairnessKey.of(row("dialect", "aae", null, 0, 0)));
        assertThat(FairnessKey.of(row("dialect", "aae", null, 3_600_000, 0))).isNotEqualTo(FairnessKey.of(row("dialect", "aae", null, 0, 0)));
        // Separators inside names cannot make two groups collide.
        assertThat(FairnessKey.of(row("x/a", "b", null, 0, 0))).isNotEqualTo(FairnessKey.of(row("x", "a/b", null, 0, 0)));
        assertThat(FairnessKey.of(row("d", "g", "t1", 0, 0))).isNotEqualTo(FairnessKey.of(row("d", "g", null, 0, 0)));
    }
}
