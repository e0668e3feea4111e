package io.moderationstream.fairness;

import io.moderationstream.avro.Alert;
import io.moderationstream.avro.AlertState;
import io.moderationstream.avro.FairnessStats;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.time.Instant;
import java.util.Locale;

/**
 * Turns disparities into alerts with hysteresis: FIRING when a group's ratio drops under the threshold with
 * statistical support, RESOLVED only once it is back above threshold + hysteresis. Keyed by dimension/group (and
 * tenant/model), so each group's alert state is independent; a flapping ratio does not re-fire.
 */
public class DisparityAlerts extends KeyedProcessFunction<GroupKey, FairnessStats, Alert> {
    private static final long serialVersionUID = 1L;

    private final double threshold;
    private final double hysteresis;
    private transient MapState<String, Boolean> firing;

    public DisparityAlerts(double threshold, double hysteresis) {
        this.threshold = threshold;
        this.hysteresis = hysteresis;
    }

    /** The alerting state's key: one group of one dimension, tenant and model (structured, never a joined string). */
    public static GroupKey alertKey(FairnessStats s) {
        return new GroupKey(s.getDimension(), s.getGroup(), "", s.getTenantId() == null ? "" : s.getTenantId(),
                s.getModelId() == null ? "" : s.getModelId());
    }

    /** The alert_id readers see: dimension/group[/tenant][/model]/metric. */
    static String alertId(FairnessStats s, String metric) {
        return s.getDimension() + "/" + s.getGroup() + (s.getTenantId() == null ? "" : "/" + s.getTenantId())
                + (s.getModelId() == null ? "" : "/" + s.getModelId()) + "/" + metric;
    }

    @Override
    public void open(OpenContext openContext) {
        firing = getRuntimeContext().getMapState(new MapStateDescriptor<>("firing",
                TypeInformation.of(String.class), TypeInformation.of(Boolean.class)));
    }

    @Override
    public void processElement(FairnessStats s, Context ctx, Collector<Alert> out) throws Exception {
        check(s, "pass_rate_ratio", s.getPassRateRatio(), s.getReferenceGroup(), out);
        check(s, "fpr_ratio", s.getFprRatio(), s.getFprReferenceGroup(), out);
    }

    private void check(FairnessStats s, String metric, Double ratio, String reference, Collector<Alert> out) throws Exception {
        if (ratio == null || s.getBelowMinSample()) {
            return;
        }
        boolean isFiring = Boolean.TRUE.equals(firing.get(metric));
        boolean breach = s.getDisparity() && ratio < threshold;
        if (!isFiring && breach) {
            firing.put(metric, true);
            out.collect(alert(s, metric, ratio, reference, AlertState.FIRING, String.format(Locale.ROOT,
                    "%s=%s: %s %.3f is below %.2f against %s (%d events)", s.getDimension(), s.getGroup(), metric, ratio,
                    threshold, reference, s.getCount())));
        } else if (isFiring && ratio >= threshold + hysteresis) {
            firing.remove(metric);
            out.collect(alert(s, metric, ratio, reference, AlertState.RESOLVED, String.format(Locale.ROOT,
                    "%s=%s: %s back to %.3f (resolves at %.2f)", s.getDimension(), s.getGroup(), metric, ratio,
                    threshold + hysteresis)));
        }
    }

    private Alert alert(FairnessStats s, String metric, double value, String reference, AlertState state, String message) {
        return Alert.newBuilder()
                .setAlertId(alertId(s, metric))
                .setState(state)
                .setWindowStart(s.getWindowStart())
                .setWindowEnd(s.getWindowEnd())
                .setDimension(s.getDimension())
                .setGroup(s.getGroup())
                .setReferenceGroup(reference == null ? "" : reference)
                .setMetric(metric)
                .setValue(value)
                .setThreshold(threshold)
                .setMessage(message)
                .setEmittedAt(Instant.now())
                .build();
    }
}
