package io.moderationstream.scoring.toxicity.offline;

import io.moderationstream.scoring.toxicity.ToxicityAttributes;
import io.moderationstream.scoring.toxicity.ToxicityHead;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LinearSGDModel;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.la.DenseMatrix;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * Fits the toxicity head: per attribute, a class-balanced logistic regression (Tribuo, AdaGrad SGD) on the
 * sentence embeddings of the training split, then Platt scaling (again a Tribuo logistic regression, on the raw
 * logit) on a separate calibration split; reports ROC-AUC on the held-out test split.
 */
public final class ToxicityTrainer {
    /** Split of an example: 0..69 train, 70..84 calibration, 85..99 test, by a stable hash of the text. */
    public static int bucket(String text) {
        return Math.floorMod(text.hashCode() * 31 + 7, 100);
    }

    public static boolean isTrain(String text) {
        return bucket(text) < 70;
    }

    public static boolean isCalibration(String text) {
        int b = bucket(text);
        return b >= 70 && b < 85;
    }

    public static boolean isTest(String text) {
        return bucket(text) >= 85;
    }

    private final int epochs;
    private final long seed;

    public ToxicityTrainer(int epochs, long seed) {
        this.epochs = epochs;
        this.seed = seed;
    }

    public record Result(ToxicityHead head, Map<String, Double> testAuc, Map<String, Integer> trainCounts) {}

    public Result train(List<ToxicityDatasets.Example> examples, float[][] embeddings, String encoderName) {
        int dim = embeddings[0].length;
        List<String> attributes = ToxicityAttributes.ALL;
        ToxicityHead.Weights w = new ToxicityHead.Weights();
        w.attributes = attributes;
        w.dimension = dim;
        w.weights = new float[attributes.size()][];
        w.bias = new float[attributes.size()];
        w.plattA = new float[attributes.size()];
        w.plattB = new float[attributes.size()];
        w.encoder = encoderName;
        Map<String, Double> testAuc = new LinkedHashMap<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        String[] featureNames = new String[dim];
        for (int d = 0; d < dim; d++) {
            featureNames[d] = String.format("e%03d", d);
        }
        for (int a = 0; a < attributes.size(); a++) {
            String attribute = attributes.get(a);
            IntPredicate known = i -> examples.get(i).labels().containsKey(attribute);
            LinearSGDModel model = fit(examples, embeddings, featureNames, attribute,
                    i -> known.test(i) && isTrain(examples.get(i).text()));
            DenseMatrix weights = model.getWeightsCopy();
            int pos = model.getOutputIDInfo().getID(new Label("1"));
            int neg = model.getOutputIDInfo().getID(new Label("0"));
            float[] row = new float[dim];
            for (int d = 0; d < dim; d++) {
                int f = model.getFeatureIDMap().getID(featureNames[d]);
                row[d] = (float) (weights.get(pos, f) - weights.get(neg, f));
            }
            w.weights[a] = row;
            w.bias[a] = (float) (weights.get(pos, weights.getDimension2Size() - 1) - weights.get(neg, weights.getDimension2Size() - 1));
            counts.put(attribute, (int) java.util.stream.IntStream.range(0, examples.size())
                    .filter(i -> known.test(i) && isTrain(examples.get(i).text())).count());

            // Platt scaling on the calibration split.
            ToxicityHead partial = new ToxicityHead(w);
            float[][] logits = new float[examples.size()][1];
            for (int i = 0; i < examples.size(); i++) {
                logits[i][0] = (float) partial.rawLogit(a, embeddings[i]);
            }
            LinearSGDModel platt = fit(examples, logits, new String[] {"logit"}, attribute,
                    i -> known.test(i) && isCalibration(examples.get(i).text()));
            DenseMatrix pw = platt.getWeightsCopy();
            int pPos = platt.getOutputIDInfo().getID(new Label("1"));
            int pNeg = platt.getOutputIDInfo().getID(new Label("0"));
            w.plattA[a] = (float) (pw.get(pPos, 0) - pw.get(pNeg, 0));
            w.plattB[a] = (float) (pw.get(pPos, 1) - pw.get(pNeg, 1));

            List<Double> scores = new ArrayList<>();
            List<Boolean> labels = new ArrayList<>();
            for (int i = 0; i < examples.size(); i++) {
                if (known.test(i) && isTest(examples.get(i).text())) {
                    scores.add((double) logits[i][0]);
                    labels.add(examples.get(i).labels().get(attribute));
                }
            }
            testAuc.put(attribute, BiasMetrics.auc(scores.stream().mapToDouble(Double::doubleValue).toArray(), toArray(labels)));
        }
        return new Result(new ToxicityHead(w), testAuc, counts);
    }

    private LinearSGDModel fit(List<ToxicityDatasets.Example> examples, float[][] features, String[] names, String attribute,
                               IntPredicate include) {
        LabelFactory factory = new LabelFactory();
        MutableDataset<Label> data = new MutableDataset<>(new SimpleDataSourceProvenance(attribute, factory), factory);
        long positives = 0;
        long total = 0;
        for (int i = 0; i < examples.size(); i++) {
            if (include.test(i)) {
                total++;
                positives += examples.get(i).labels().get(attribute) ? 1 : 0;
            }
        }
        // Class-balanced weights: rare positives (threat, sexually_explicit) still shape the boundary.
        float posWeight = positives == 0 ? 1 : (float) (total / (2.0 * positives));
        float negWeight = positives == total ? 1 : (float) (total / (2.0 * (total - positives)));
        for (int i = 0; i < examples.size(); i++) {
            if (!include.test(i)) {
                continue;
            }
            boolean label = examples.get(i).labels().get(attribute);
            double[] values = new double[names.length];
            for (int d = 0; d < names.length; d++) {
                values[d] = features[i][d];
            }
            ArrayExample<Label> ex = new ArrayExample<>(new Label(label ? "1" : "0"), names, values);
            ex.setWeight(label ? posWeight : negWeight);
            data.add(ex);
        }
        if (positives == 0 || positives == total) {
            throw new IllegalStateException("attribute " + attribute + " has a single class in its data");
        }
        LinearSGDTrainer trainer = new LinearSGDTrainer(new LogMulticlass(), new AdaGrad(0.1, 0.1), epochs, Integer.MAX_VALUE, 1, seed);
        return trainer.train(data);
    }

    private static boolean[] toArray(List<Boolean> values) {
        boolean[] out = new boolean[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }
}
