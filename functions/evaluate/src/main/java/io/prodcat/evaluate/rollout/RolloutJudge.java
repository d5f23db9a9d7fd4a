package io.prodcat.evaluate.rollout;

import io.prodcat.adapters.persistence.FeedbackDao.ScoredFeedback;
import io.prodcat.adapters.persistence.VersionTrafficDao.Totals;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The rollout check's rules, on figures already gathered (no I/O, so each rule is tested on its own). A challenger:
 * too few requests → wait; an error rate over the limit → retired; feedback enough for both versions → promoted when
 * its accuracy is not below the champion's, else retired; otherwise its agreement with the champion decides. A fresh
 * champion: rolled back when its error rate or its feedback accuracy breaches the limits once it has enough data.
 */
final class RolloutJudge {

    enum Decision {
        WAIT,
        PROMOTE,
        RETIRE,
        KEEP,
        ROLL_BACK
    }

    record Verdict(Decision decision, String reason, Map<String, Double> figures) {}

    private final RolloutSettings settings;

    RolloutJudge(RolloutSettings settings) {
        this.settings = settings;
    }

    /**
     * @param traffic            the challenger's counts since it became the challenger
     * @param challengerFeedback feedback on its answers (canary: on the answers it served; shadow: on the same texts)
     * @param championFeedback   feedback on the champion's answers over the same time
     */
    Verdict challenger(Totals traffic, ScoredFeedback challengerFeedback, ScoredFeedback championFeedback) {
        boolean shadow = settings.mode().equals(RolloutSettings.SHADOW);
        long requests = shadow ? traffic.compared() : traffic.answered();
        long failures = shadow ? traffic.shadowFailed() : traffic.failed();
        double errorRate = rate(failures, requests + failures);
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("requests", (double) requests);
        figures.put("error_rate", errorRate);
        if (traffic.compared() > 0) {
            figures.put("agreement", rate(traffic.agreed(), traffic.compared()));
        }
        figures.put("challenger_feedback", (double) challengerFeedback.scored());
        figures.put("champion_feedback", (double) championFeedback.scored());
        if (challengerFeedback.scored() > 0) {
            figures.put("challenger_accuracy", rate(challengerFeedback.agreed(), challengerFeedback.scored()));
        }
        if (championFeedback.scored() > 0) {
            figures.put("champion_accuracy", rate(championFeedback.agreed(), championFeedback.scored()));
        }
        if (requests + failures < settings.minRequests()) {
            return new Verdict(
                    Decision.WAIT,
                    requests + failures + " of the " + settings.minRequests() + " requests needed so far",
                    figures);
        }
        if (errorRate > settings.maxErrorRate()) {
            return new Verdict(
                    Decision.RETIRE,
                    "error rate " + percent(errorRate) + " over the limit of " + percent(settings.maxErrorRate()),
                    figures);
        }
        if (challengerFeedback.scored() >= settings.minFeedback()
                && championFeedback.scored() >= settings.minFeedback()) {
            double mine = figures.get("challenger_accuracy");
            double theirs = figures.get("champion_accuracy");
            return mine >= theirs
                    ? new Verdict(
                            Decision.PROMOTE,
                            "feedback accuracy " + percent(mine) + " not below the champion's " + percent(theirs),
                            figures)
                    : new Verdict(
                            Decision.RETIRE,
                            "feedback accuracy " + percent(mine) + " below the champion's " + percent(theirs),
                            figures);
        }
        Double agreement = figures.get("agreement");
        if (agreement == null) {
            return new Verdict(
                    Decision.WAIT,
                    "no agreement figures and not enough feedback yet (" + settings.minFeedback()
                            + " rows per version)",
                    figures);
        }
        return agreement >= settings.minAgreement()
                ? new Verdict(
                        Decision.PROMOTE,
                        "agreed with the champion on " + percent(agreement) + " of " + requests + " requests (bar "
                                + percent(settings.minAgreement()) + ")",
                        figures)
                : new Verdict(
                        Decision.RETIRE,
                        "agreed with the champion on only " + percent(agreement) + " of " + requests
                                + " requests (bar " + percent(settings.minAgreement())
                                + ") and not enough feedback to vouch for it",
                        figures);
    }

    /** A champion promoted less than the watch ago: its counts and feedback since then. */
    Verdict freshChampion(Totals traffic, ScoredFeedback feedback) {
        long attempts = traffic.answered() + traffic.failed();
        double errorRate = rate(traffic.failed(), attempts);
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("requests", (double) attempts);
        figures.put("error_rate", errorRate);
        figures.put("feedback", (double) feedback.scored());
        if (feedback.scored() > 0) {
            figures.put("feedback_accuracy", rate(feedback.agreed(), feedback.scored()));
        }
        if (attempts >= settings.minRequests() && errorRate > settings.maxErrorRate()) {
            return new Verdict(
                    Decision.ROLL_BACK,
                    "error rate " + percent(errorRate) + " over the limit of " + percent(settings.maxErrorRate())
                            + " in " + attempts + " requests",
                    figures);
        }
        if (feedback.scored() >= settings.minFeedback()
                && figures.get("feedback_accuracy") < settings.minFeedbackAccuracy()) {
            return new Verdict(
                    Decision.ROLL_BACK,
                    "feedback accuracy " + percent(figures.get("feedback_accuracy")) + " below the limit of "
                            + percent(settings.minFeedbackAccuracy()) + " on " + feedback.scored() + " rows",
                    figures);
        }
        return new Verdict(Decision.KEEP, "within the limits so far", figures);
    }

    private static double rate(long part, long whole) {
        return whole == 0 ? 0 : (double) part / whole;
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f %%", share * 100);
    }
}
