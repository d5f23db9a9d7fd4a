package io.prodcat.evaluate.gate;

import io.prodcat.engine.evaluation.Evaluation;
import java.util.Locale;

/**
 * Decides whether a newly evaluated model replaces the champion. Both are scored on the same held-out rows (the new
 * model's that neither trained on), and the candidate must reach the champion's macro-F1 plus {@code minF1Gain} less
 * what is noise: {@value #NOISE_DEVIATIONS} standard deviations of the difference over paired resamples of those rows
 * ({@link io.prodcat.engine.evaluation.PairedComparison}). Two trainings on nearly the same data differ by that much by
 * chance, so without it an honest correction that changes little would be refused about half the time.
 *
 * @param minF1Gain  required macro-F1 gain over the champion (negative: tolerated loss)
 * @param minF1Floor required worst-class F1
 */
public record QualityGate(double minF1Gain, double minF1Floor) {

    /** How many standard deviations of the paired difference count as noise. */
    static final double NOISE_DEVIATIONS = 2.0;

    public record Verdict(boolean promote, String reason) {}

    /** Against a champion's figures without a noise estimate (or none: {@code champion} null). */
    Verdict judge(Evaluation candidate, Evaluation champion) {
        return judge(candidate, champion, 0);
    }

    /** @param noise standard deviation of the candidate's macro-F1 less the champion's on these rows */
    Verdict judge(Evaluation candidate, Evaluation champion, double noise) {
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
        double margin = NOISE_DEVIATIONS * noise;
        double needed = champion.macroF1() + minF1Gain - margin;
        String noted = margin > 0 ? String.format(Locale.ROOT, " - noise %.4f", margin) : "";
        if (candidate.macroF1() >= needed) {
            return new Verdict(
                    true,
                    String.format(
                            Locale.ROOT,
                            "macro-F1 %.4f reaches the champion's %.4f + gain %.4f%s on the same rows",
                            candidate.macroF1(),
                            champion.macroF1(),
                            minF1Gain,
                            noted));
        }
        return new Verdict(
                false,
                String.format(
                        Locale.ROOT,
                        "macro-F1 %.4f is below the champion's %.4f + gain %.4f%s on the same rows",
                        candidate.macroF1(),
                        champion.macroF1(),
                        minF1Gain,
                        noted));
    }
}
