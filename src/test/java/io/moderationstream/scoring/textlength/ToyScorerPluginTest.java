package io.moderationstream.scoring.textlength;

import io.moderationstream.avro.Decision;
import io.moderationstream.avro.FairnessStats;
import io.moderationstream.avro.ScorerStatus;
import io.moderationstream.avro.Verdict;
import io.moderationstream.config.ConfigException;
import io.moderationstream.config.JobConfig;
import io.moderationstream.fairness.report.FairnessReport;
import io.moderationstream.io.AvroJson;
import io.moderationstream.io.RawRecord;
import io.moderationstream.pipeline.ModerationJob;
import io.moderationstream.pipeline.ModerationPipeline;
import io.moderationstream.scoring.ScorerRegistry;
import io.moderationstream.testing.PipelineFixture;
import io.moderationstream.testing.TestEvents;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The plug-in contract's proof: {@link TextLengthPlugin} exists only in test sources (its package and one services
 * line), yet a config that enables it gets its branch, its results in verdicts, its rule in the decisions, its column
 * in the fairness rows and the report, and its own policy key checked like any other.
 */
class ToyScorerPluginTest {

    @Test
    void isRegisteredFromTheServicesLineAndOffUnlessEnabled() throws Exception {
        assertThat(ScorerRegistry.get().ids()).containsExactly("toxicity", "citations", "watermark", "pii", "protected_material", "text_length");
        JobConfig defaults = PipelineFixture.config("localhost:1", JobConfig.DeliveryGuarantee.AT_LEAST_ONCE);
        assertThat(ScorerRegistry.get().factories(defaults)).doesNotContainKey("text_length");
        assertThatThrownBy(() -> PipelineFixture.config("localhost:1", JobConfig.DeliveryGuarantee.AT_LEAST_ONCE,
                "policy.defaults.text_lenght_review=5"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("did you mean 'text_length_review'?");
        assertThatThrownBy(() -> PipelineFixture.config("localhost:1", JobConfig.DeliveryGuarantee.AT_LEAST_ONCE,
                "policy.tenants.kids.text_length_review=0"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("policy.tenants.kids.text_length_review is 0");
    }

    @Test
    @Timeout(120)
    void appearsInVerdictsDecisionsFairnessAndTheReport(@TempDir Path dir) throws Exception {
        JobConfig config = PipelineFixture.config("localhost:1", JobConfig.DeliveryGuarantee.AT_LEAST_ONCE,
                "scorers.text_length.enabled=true", "scorers.text_length.parallelism=2",
                "scorers.text_length.slot_sharing_group=length", "policy.defaults.text_length_review=60");
        // The slots come from the descriptors: the toy branch's own slot-sharing group adds its parallelism.
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, ModerationJob.localSlots(config));
        List<RawRecord> events = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String text = i % 3 == 0 ? "a long and friendly answer that goes on and on about the weather today, number " + i
                    : "short answer " + i;
            events.add(new RawRecord("events", 0, i, 1_795_400_000_000L, null,
                    TestEvents.jsonEvent("ev-" + i, text, Map.of("dialect", i % 2 == 0 ? "aae" : "sae"), i)));
        }
        ModerationPipeline.Outputs out = ModerationPipeline.of(config).defineWorkflow(
                env.fromData(events, TypeInformation.of(RawRecord.class)), env.fromData(List.of(new RawRecord("labels", 0, 0, 0, null,
                        TestEvents.label("ev-0", false))), TypeInformation.of(RawRecord.class)));
        CloseableIterator<Verdict> verdictsOut = out.verdicts().collectAsync();
        CloseableIterator<FairnessStats> fairnessOut = out.fairness().collectAsync();

        StreamNode branch = env.getStreamGraph(false).getStreamNodes().stream()
                .filter(n -> n.getOperatorName().equals("score-text_length")).findFirst().orElseThrow();
        assertThat(branch.getParallelism()).as("the branch's own parallelism (its metrics are scoped by this operator)").isEqualTo(2);
        assertThat(branch.getSlotSharingGroup()).isEqualTo("length");
        env.execute("toy-scorer");

        List<Verdict> verdicts = new ArrayList<>();
        verdictsOut.forEachRemaining(verdicts::add);
        assertThat(verdicts).hasSize(12).allSatisfy(v -> {
            assertThat(v.getResults()).containsKeys("toxicity", "citations", "watermark", "pii", "text_length");
            assertThat(v.getResults().get("text_length").getStatus()).isEqualTo(ScorerStatus.OK);
        });
        Verdict longOne = verdicts.stream().filter(v -> v.getEventId().equals("ev-3")).findFirst().orElseThrow();
        assertThat(longOne.getDecision()).isEqualTo(Decision.REVIEW);
        assertThat(longOne.getReasons()).anySatisfy(r -> {
            assertThat(r.getCode()).isEqualTo(TextLengthPlugin.Reason.TEXT_TOO_LONG.name());
            assertThat(r.getScorer()).isEqualTo("text_length");
        });
        assertThat(verdicts.stream().filter(v -> v.getEventId().equals("ev-4")).findFirst().orElseThrow().getReasons())
                .noneMatch(r -> r.getScorer().equals("text_length"));

        List<FairnessStats> rows = new ArrayList<>();
        fairnessOut.forEachRemaining(rows::add);
        FairnessStats aae = rows.stream().filter(r -> r.getGroup().equals("aae")).findFirst().orElseThrow();
        assertThat(aae.getFlaggedBy()).containsEntry("text_length", 2L);   // ev-0, ev-6
        assertThat(aae.getScoredBy()).containsEntry("text_length", 6L);

        Path verdictFile = dir.resolve("verdicts.jsonl");
        Files.write(verdictFile, verdicts.stream().map(AvroJson::toJsonLine).toList());
        FairnessReport report = new FairnessReport(config.fairness);
        FairnessReport.Computed computed = report.compute(verdictFile, null);
        assertThat(computed.windowRows()).filteredOn(r -> r.getGroup().equals("aae"))
                .allSatisfy(r -> assertThat(r.getFlaggedBy()).containsEntry("text_length", 2L));
        assertThat(report.render(computed, "toy")).contains("flagged by text_length").contains("<td>0.333 (6)</td>");
    }
}
