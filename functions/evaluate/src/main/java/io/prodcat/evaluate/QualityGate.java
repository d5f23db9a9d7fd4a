package io.prodcat.evaluate;

import io.prodcat.evaluation.Evaluation;
import java.util.Locale;

/**
 * Decides whether a newly evaluated model replaces the champion. Both are scored on the same held-out rows
 * (the new model's), so the comparison is fair whatever data the champion was trained on.
 *
 * @param minF1Gain  required macro-F1 gain over the champion (negative: tolerated loss)
 * @param minF1Floor required worst-class F1
 */
record QualityGate(double minF1Gain, double minF1Floor) {

    record Verdict(boolean promote, String reason) {}

    Verdict judge(Evaluation candidate, Evaluation champion) {
        if (candidate.minF1() < minF1Floor) {
            return new Verdict(
                    false,
                    String.format(
                            Locale.ROOT,
                            "worst-class F1 %.4f (%s) is below the floor %.4f",
                            candidate.minF1(),
                            candidate.worstClass().label(),
                            minF1Floor));
        }
        if (champion == null) {
            return new Verdict(
                    true,
                    String.format(
                            Locale.ROOT,
                            "no champion yet; macro-F1 %.4f, worst-class F1 %.4f",
                            candidate.macroF1(),
                            candidate.minF1()));
        }
        double needed = champion.macroF1() + minF1Gain;
        if (candidate.macroF1() >= needed) {
            return new Verdict(
                    true,
                    String.format(
                            Locale.ROOT,
                            "macro-F1 %.4f reaches the champion's %.4f + gain %.4f on the same rows",
                            candidate.macroF1(),
                            champion.macroF1(),
                            minF1Gain));
        }
        return new Verdict(
                false,
                String.format(
                        Locale.ROOT,
                        "macro-F1 %.4f is below the champion's %.4f + gain %.4f on the same rows",
                        candidate.macroF1(),
                        champion.macroF1(),
                        minF1Gain));
    }
}
