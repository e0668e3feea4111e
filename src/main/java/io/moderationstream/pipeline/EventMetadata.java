package io.moderationstream.pipeline;

import io.moderationstream.fairness.derived.DimensionDeriver;
import io.moderationstream.io.ValidatedEvent;
import io.moderationstream.verdict.EventMeta;
import io.moderationstream.verdict.MergeInput;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;

/**
 * What the merge needs of an event besides its scores, with the fairness dimensions derived from its completion
 * (identity terms mentioned, language): computed here, once per event and in parallel, so the fairness branch
 * downstream sees them on the verdict like any producer-supplied group.
 */
public class EventMetadata extends RichMapFunction<ValidatedEvent, MergeInput> {
    private static final long serialVersionUID = 1L;

    private final DimensionDeriver deriver;

    public EventMetadata(DimensionDeriver deriver) {
        this.deriver = deriver;
    }

    @Override
    public void open(OpenContext context) {
        if (deriver.enabled()) {
            deriver.open();
        }
    }

    @Override
    public MergeInput map(ValidatedEvent event) {
        EventMeta meta = EventMeta.of(event);
        if (deriver.enabled()) {
            meta.withDerivedGroups(deriver.derive(meta.tenantId, event.content.getCompletion()));
        }
        return MergeInput.meta(meta);
    }
}
