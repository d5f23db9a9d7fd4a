package io.prodcat.evaluate.drift;

import io.prodcat.engine.dataset.Dataset;
import io.prodcat.engine.dataset.LabelledText;
import io.prodcat.engine.model.LinearClassifier;
import io.prodcat.engine.training.Hyperparameters;
import io.prodcat.engine.training.LinearTrainer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Drift in the texts themselves: our own engine learns to tell reference titles from recent ones. If it can (its
 * ROC AUC on titles it did not train on is well above 0.5), the recent titles are not like the reference; the words
 * and word pairs it finds most "recent" say why.
 */
public final class DomainClassifier {

    static final String REFERENCE = "reference";
    static final String RECENT = "recent";
    private static final double TEST_SHARE = 0.3;
    private static final int NGRAMS_REPORTED = 10;
    private static final int NGRAM_MIN_TITLES = 3;

    private DomainClassifier() {}

    /**
     * @param auc              ROC AUC on the held-out titles (0.5: indistinguishable)
     * @param testTitles       how many titles it was measured on
     * @param separatingNgrams the n-grams most typical of the recent titles, with the probability it gives them
     */
    public record Result(double auc, int testTitles, List<String> separatingNgrams) {}

    /** Both sides are cut to the same size (the smaller one's) so that 0.5 means "cannot tell". */
    public static Result compare(List<String> referenceTitles, List<String> recentTitles, long seed) {
        Random random = new Random(seed);
        int each = Math.min(referenceTitles.size(), recentTitles.size());
        List<String> reference = sample(referenceTitles, each, random);
        List<String> recent = sample(recentTitles, each, random);
        int testEach = Math.max(1, (int) Math.round(each * TEST_SHARE));
        List<LabelledText> training = new ArrayList<>();
        reference.subList(testEach, each).forEach(title -> training.add(new LabelledText(title, REFERENCE)));
        recent.subList(testEach, each).forEach(title -> training.add(new LabelledText(title, RECENT)));
        LinearClassifier model = new LinearTrainer(Hyperparameters.DEFAULT)
                .train(new Dataset(training, List.of(RECENT, REFERENCE), "0".repeat(40)))
                .model();
        int recentIndex = model.labels().indexOf(RECENT);
        double[] referenceScores = reference.subList(0, testEach).stream()
                .mapToDouble(title -> model.probabilities(title)[recentIndex])
                .toArray();
        double[] recentScores = recent.subList(0, testEach).stream()
                .mapToDouble(title -> model.probabilities(title)[recentIndex])
                .toArray();
        return new Result(
                rocAuc(referenceScores, recentScores),
                2 * testEach,
                separatingNgrams(model, recentIndex, recent, reference));
    }

    /**
     * The probability that a recent score beats a reference score (ties count half): the Mann–Whitney form of the
     * area under the ROC curve.
     */
    static double rocAuc(double[] negatives, double[] positives) {
        double wins = 0;
        for (double positive : positives) {
            for (double negative : negatives) {
                wins += positive > negative ? 1 : positive == negative ? 0.5 : 0;
            }
        }
        return wins / ((double) positives.length * negatives.length);
    }

    /**
     * Words and word pairs in at least {@value #NGRAM_MIN_TITLES} recent titles, ranked by the probability the model
     * gives a title made of that n-gram alone of being recent; kept only when more recent titles than reference ones
     * hold it.
     */
    private static List<String> separatingNgrams(
            LinearClassifier model, int recentIndex, List<String> recent, List<String> reference) {
        Map<String, Integer> inRecent = titlesHolding(recent);
        Map<String, Integer> inReference = titlesHolding(reference);
        List<Map.Entry<String, Double>> scored = new ArrayList<>();
        inRecent.forEach((ngram, titles) -> {
            if (titles >= NGRAM_MIN_TITLES && titles > inReference.getOrDefault(ngram, 0)) {
                scored.add(Map.entry(ngram, model.probabilities(ngram)[recentIndex]));
            }
        });
        // most "recent" first; among equally sure ones (a clear drift saturates many at 1.00) the most frequent
        scored.sort(Comparator.<Map.Entry<String, Double>>comparingDouble(entry -> -Math.round(entry.getValue() * 100))
                .thenComparing(entry -> -(inRecent.get(entry.getKey()) - inReference.getOrDefault(entry.getKey(), 0)))
                .thenComparing(Map.Entry::getKey));
        return scored.stream()
                .limit(NGRAMS_REPORTED)
                .map(entry -> String.format(
                        Locale.ROOT,
                        "%s (%.2f; %d recent / %d reference titles)",
                        entry.getKey(),
                        entry.getValue(),
                        inRecent.get(entry.getKey()),
                        inReference.getOrDefault(entry.getKey(), 0)))
                .toList();
    }

    /** For each lower-cased word and word pair, how many titles hold it. */
    private static Map<String, Integer> titlesHolding(List<String> titles) {
        Map<String, Integer> counts = new HashMap<>();
        for (String title : titles) {
            String[] words = title.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+");
            Set<String> ngrams = new LinkedHashSet<>();
            for (int i = 0; i < words.length; i++) {
                if (!words[i].isEmpty()) {
                    ngrams.add(words[i]);
                    if (i + 1 < words.length && !words[i + 1].isEmpty()) {
                        ngrams.add(words[i] + " " + words[i + 1]);
                    }
                }
            }
            ngrams.forEach(ngram -> counts.merge(ngram, 1, Integer::sum));
        }
        return counts;
    }

    private static List<String> sample(List<String> titles, int size, Random random) {
        List<String> shuffled = new ArrayList<>(titles);
        Collections.shuffle(shuffled, random);
        return shuffled.subList(0, size);
    }
}
