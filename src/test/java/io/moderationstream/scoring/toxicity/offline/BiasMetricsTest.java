package io.moderationstream.scoring.toxicity.offline;

import org.junit.jupiter.api.Test;
import org.tribuo.classification.evaluation.LabelEvaluationUtil;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The project's ROC-AUC against Tribuo's, an independent implementation, on random scores with and without ties. */
class BiasMetricsTest {
    @Test
    void aucAgreesWithTribuo() {
        Random random = new Random(11);
        for (int trial = 0; trial < 50; trial++) {
            int n = 20 + random.nextInt(500);
            double[] scores = new double[n];
            boolean[] labels = new boolean[n];
            boolean ties = trial % 2 == 0;
            for (int i = 0; i < n; i++) {
                labels[i] = random.nextDouble() < 0.3;
                double s = random.nextDouble() + (labels[i] ? 0.3 : 0);
                scores[i] = ties ? Math.round(s * 10) / 10.0 : s;
            }
            labels[0] = true;
            labels[1] = false;
            assertThat(BiasMetrics.auc(scores, labels)).as("trial %d", trial)
                    .isCloseTo(LabelEvaluationUtil.binaryAUCROC(labels, scores), within(1e-9));
        }
    }
}
