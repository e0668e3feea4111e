package io.moderationstream.fairness.slices;

import io.moderationstream.avro.SliceCondition;
import io.moderationstream.avro.SliceDefinition;
import io.moderationstream.avro.SliceMetricName;
import io.moderationstream.config.JobConfig;
import io.moderationstream.fairness.GroupAssigner;
import io.moderationstream.fairness.GroupKey;
import io.moderationstream.fairness.Observation;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Derived dimensions are multi-valued: windows, submitted slices and discovery count a text in each of its groups. */
class DerivedGroupsTest {
    private static Observation observation() {
        Observation o = new Observation();
        o.kind = Observation.Kind.VERDICT;
        o.tenantId = "t";
        o.modelId = "m";
        o.groups = Map.of("language", "fr");
        o.derivedGroups = Map.of("mentioned_identity", List.of("jewish", "muslim"), "language", List.of("en"));
        return o;
    }

    @Test
    void theEventsOwnGroupWinsAndADerivedDimensionCountsInEachOfItsGroups() {
        Observation o = observation();
        assertThat(o.groupValues()).isEqualTo(Map.of("language", List.of("fr"), "mentioned_identity", List.of("jewish", "muslim")));
        JobConfig.FairnessConfig config = new JobConfig.FairnessConfig();
        config.intersections = List.of(List.of("mentioned_identity", "language"));
        assertThat(new GroupAssigner(config).keysOf(o)).containsExactlyInAnyOrder(
                new GroupKey("language", "fr", "", "", ""),
                new GroupKey("mentioned_identity", "jewish", "", "", ""),
                new GroupKey("mentioned_identity", "muslim", "", "", ""),
                new GroupKey("mentioned_identity&language", "jewish", "fr", "", ""),
                new GroupKey("mentioned_identity&language", "muslim", "fr", "", ""));
    }

    @Test
    void aSubmittedSliceMatchesWhenAnyOfTheTextsGroupsIsAccepted() {
        SliceMatcher matcher = new SliceMatcher(List.of(
                slice("muslim-fr", condition("groups.mentioned_identity", "muslim"), condition("groups.language", "fr")),
                slice("both", condition("groups.mentioned_identity", "muslim"), condition("groups.mentioned_identity", "jewish")),
                slice("christian", condition("groups.mentioned_identity", "christian")),
                slice("muslim-en", condition("groups.mentioned_identity", "muslim"), condition("groups.language", "en"))));
        assertThat(matcher.matching(observation())).extracting(SliceDefinition::getSliceId).containsExactly("muslim-fr", "both");
    }

    @Test
    void discoveryOffersEveryGroupAsAnAttribute() {
        assertThat(SliceDiscovery.attributesOf(observation())).containsExactly(
                new Slice.Condition("groups.language", "fr"),
                new Slice.Condition("groups.mentioned_identity", "jewish"),
                new Slice.Condition("groups.mentioned_identity", "muslim"),
                new Slice.Condition("model_id", "m"),
                new Slice.Condition("tenant_id", "t"));
    }

    private static SliceCondition condition(String field, String... values) {
        return SliceCondition.newBuilder().setField(field).setValues(List.of(values)).build();
    }

    private static SliceDefinition slice(String id, SliceCondition... predicate) {
        return SliceDefinition.newBuilder().setSliceId(id).setSubmittedBy("auditor").setDescription("")
                .setPredicate(List.of(predicate)).setMetrics(List.of(SliceMetricName.FLAG_RATE)).setMinSample(20)
                .setCreatedAt(Instant.EPOCH).setRetired(false).build();
    }
}
