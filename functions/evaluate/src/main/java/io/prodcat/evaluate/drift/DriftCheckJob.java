package io.prodcat.evaluate.drift;

import io.prodcat.adapters.persistence.DriftMetricsDao;
import io.prodcat.adapters.persistence.DriftMetricsRow;
import io.prodcat.adapters.persistence.FeedbackDao;
import io.prodcat.adapters.persistence.PredictionLogDao;
import io.prodcat.adapters.storage.ObjectStore;
import io.prodcat.adapters.tracking.ModelRegistry;
import io.prodcat.adapters.tracking.ModelVersion;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import smile.stat.hypothesis.KSTest;

/**
 * One drift check: the champion's logged answers of the last window against its reference (its held-out rows), each
 * test a {@code drift_metrics} row. A check is known by the event that asked for it: a redelivery returns the rows
 * already written instead of judging again.
 */
public final class DriftCheckJob {

    public static final String PSI = "psi";
    public static final String CHI_SQUARE = "chi_square";
    public static final String JS_DISTANCE = "js_distance";
    public static final String KS_CONFIDENCE = "ks_confidence";
    public static final String DOMAIN_AUC = "domain_auc";
    public static final String FEEDBACK_ACCURACY = "feedback_accuracy";
    public static final String DRIFT = "drift";
    public static final String NO_DRIFT = "no_drift";
    public static final String NOT_ENOUGH_DATA = "not_enough_data";

    /** Between the separating n-grams in the domain test's {@code detail}. */
    public static final String NGRAM_SEPARATOR = " | ";

    private static final Logger LOG = LoggerFactory.getLogger(DriftCheckJob.class);

    private final ModelRegistry registry;
    private final String modelName;
    private final ObjectStore store;
    private final PredictionLogDao predictions;
    private final FeedbackDao feedback;
    private final DriftMetricsDao results;
    private final DriftSettings settings;
    private final Clock clock;

    public DriftCheckJob(
            ModelRegistry registry,
            String modelName,
            ObjectStore store,
            PredictionLogDao predictions,
            FeedbackDao feedback,
            DriftMetricsDao results,
            DriftSettings settings,
            Clock clock) {
        this.registry = registry;
        this.modelName = modelName;
        this.store = store;
        this.predictions = predictions;
        this.feedback = feedback;
        this.results = results;
        this.settings = settings;
        this.clock = clock;
    }

    /** What a check found: its rows (empty when there is no champion to check). */
    public record Outcome(UUID checkId, String modelVersion, List<DriftMetricsRow> rows, String reason) {

        public boolean drift() {
            return rows.stream().anyMatch(row -> row.verdict().equals(DRIFT));
        }

        /** {@code drift}, {@code no_drift}, or {@code not_enough_data} when no test could judge. */
        public String verdict() {
            if (drift()) {
                return DRIFT;
            }
            return rows.stream().anyMatch(row -> row.verdict().equals(NO_DRIFT)) ? NO_DRIFT : NOT_ENOUGH_DATA;
        }

        public List<String> fired() {
            return rows.stream()
                    .filter(row -> row.verdict().equals(DRIFT))
                    .map(DriftMetricsRow::test)
                    .toList();
        }

        public Map<String, Double> figures() {
            Map<String, Double> figures = new TreeMap<>();
            rows.stream()
                    .filter(row -> row.statistic() != null)
                    .forEach(row -> figures.put(row.test(), row.statistic()));
            return figures;
        }

        /** The n-grams the domain classifier found most typical of the recent titles; empty unless it ran. */
        public List<String> separatingNgrams() {
            return rows.stream()
                    .filter(row -> row.test().equals(DOMAIN_AUC) && row.statistic() != null && row.detail() != null)
                    .flatMap(row ->
                            java.util.Arrays.stream(row.detail().split(java.util.regex.Pattern.quote(NGRAM_SEPARATOR))))
                    .filter(ngram -> !ngram.isBlank())
                    .toList();
        }

        public int windowSize() {
            return rows.stream()
                    .filter(row -> !row.test().equals(FEEDBACK_ACCURACY))
                    .mapToInt(DriftMetricsRow::windowSize)
                    .findFirst()
                    .orElse(0);
        }
    }

    /**
     * @param requestKey what identifies the request (the event's source and id): the same key, the same check
     * @param window     how far back to look; null: the configured window
     */
    public Outcome check(String requestKey, Duration window) {
        UUID checkId = UUID.nameUUIDFromBytes(requestKey.getBytes(StandardCharsets.UTF_8));
        List<DriftMetricsRow> done = results.ofCheck(checkId);
        if (!done.isEmpty()) {
            return new Outcome(checkId, done.get(0).modelVersion(), done, "a redelivered check: its recorded results");
        }
        Optional<ModelVersion> champion = registry.findByAlias(modelName, "champion");
        if (champion.isEmpty()) {
            return new Outcome(checkId, null, List.of(), "no champion yet: nothing is served, nothing to check");
        }
        String version = champion.get().version();
        Instant end = clock.instant();
        Instant start = end.minus(window == null ? settings.window() : window);
        Window recent = new Window(checkId, end, version, start, end, predictions.count(version, start, end));
        Optional<DriftReference> reference =
                DriftReference.find(store, champion.get().sourceUri());
        List<DriftMetricsRow> rows = new ArrayList<>();
        if (reference.isEmpty()) {
            for (String test : List.of(PSI, CHI_SQUARE, JS_DISTANCE, KS_CONFIDENCE, DOMAIN_AUC)) {
                rows.add(recent.notEnough(
                        test,
                        "version " + version + " has no drift reference (scored before"
                                + " drift checks existed): retrain or re-evaluate it"));
            }
        } else if (recent.size() < settings.minPredictions()) {
            String why = recent.size() + " predictions in the window, " + settings.minPredictions() + " needed";
            for (String test : List.of(PSI, CHI_SQUARE, JS_DISTANCE, KS_CONFIDENCE, DOMAIN_AUC)) {
                rows.add(recent.notEnough(test, why));
            }
        } else {
            rows.addAll(distributionTests(recent, reference.get()));
            rows.add(domainTest(recent, reference.get()));
        }
        rows.add(feedbackTest(recent, reference.map(DriftReference::accuracy)));
        results.insert(rows);
        Outcome outcome = new Outcome(
                checkId,
                version,
                results.ofCheck(checkId),
                recent.size() + " predictions of" + " version " + version + " from " + start + " to " + end);
        LOG.info(
                "drift check {} of version {}: {} ({} predictions; {})",
                checkId,
                version,
                outcome.verdict(),
                recent.size(),
                outcome.figures());
        return outcome;
    }

    private List<DriftMetricsRow> distributionTests(Window recent, DriftReference reference) {
        Map<String, Integer> recentCounts = new TreeMap<>();
        predictions
                .labels(recent.version(), recent.start(), recent.end())
                .forEach(label -> recentCounts.merge(label, 1, Integer::sum));
        DriftStatistics.Bins bins = DriftStatistics.Bins.of(reference.labelCounts(), recentCounts);
        double psi = DriftStatistics.populationStabilityIndex(bins);
        double js = DriftStatistics.jensenShannonDistance(bins);
        DriftStatistics.ChiSquare chi = DriftStatistics.chiSquare(bins);
        double[] probabilities = predictions.probabilities(recent.version(), recent.start(), recent.end()).stream()
                .mapToDouble(Double::doubleValue)
                .toArray();
        KSTest ks = DriftStatistics.kolmogorovSmirnov(reference.probabilities(), probabilities);
        return List.of(
                recent.judged(
                        PSI,
                        psi,
                        null,
                        settings.psiThreshold(),
                        settings.psiDrift(psi, chi.pValue()),
                        "drift only with chi-square's"),
                recent.judged(
                        CHI_SQUARE,
                        chi.statistic(),
                        chi.pValue(),
                        settings.pValue(),
                        settings.labelsShifted(chi.pValue()),
                        "df " + chi.degreesOfFreedom()),
                recent.judged(
                        JS_DISTANCE,
                        js,
                        null,
                        settings.jsThreshold(),
                        settings.jsDrift(js, chi.pValue()),
                        "drift only with chi-square's"),
                recent.judged(
                        KS_CONFIDENCE,
                        ks.d,
                        ks.pvalue,
                        settings.pValue(),
                        settings.probabilitiesShifted(ks.pvalue),
                        null));
    }

    private DriftMetricsRow domainTest(Window recent, DriftReference reference) {
        List<String> titles =
                predictions.texts(recent.version(), recent.start(), recent.end(), DriftReference.MAX_TITLES);
        if (titles.size() < settings.minTitles() || reference.titles().size() < settings.minTitles()) {
            return recent.notEnough(
                    DOMAIN_AUC,
                    titles.size() + " logged titles in the window and "
                            + reference.titles().size()
                            + " in the reference, " + settings.minTitles()
                            + " needed of each (texts are logged only with PRODCAT_PREDICTION_LOG_TEXTS=true)");
        }
        DomainClassifier.Result domain = DomainClassifier.compare(reference.titles(), titles, 7);
        boolean drift = settings.titlesShifted(domain.auc());
        return recent.judged(
                DOMAIN_AUC,
                domain.auc(),
                null,
                settings.domainAucThreshold(),
                drift,
                String.join(NGRAM_SEPARATOR, domain.separatingNgrams()));
    }

    private DriftMetricsRow feedbackTest(Window recent, Optional<Double> heldOutAccuracy) {
        FeedbackDao.ScoredFeedback scored = feedback.scoredBetween(recent.version(), recent.start(), recent.end());
        Window rows = recent.withSize((int) scored.scored());
        if (heldOutAccuracy.isEmpty() || scored.scored() < settings.minFeedback()) {
            return rows.notEnough(
                    FEEDBACK_ACCURACY,
                    scored.scored() + " feedback rows naming the answer, " + settings.minFeedback() + " needed");
        }
        double accuracy = (double) scored.agreed() / scored.scored();
        double floor = heldOutAccuracy.get() - settings.accuracyTolerance();
        return rows.judged(
                FEEDBACK_ACCURACY,
                accuracy,
                null,
                floor,
                accuracy < floor,
                String.format(java.util.Locale.ROOT, "held-out accuracy %.4f", heldOutAccuracy.get()));
    }

    /** The window being judged, and the rows it makes. */
    private record Window(UUID checkId, Instant checkedAt, String version, Instant start, Instant end, int size) {

        Window withSize(int other) {
            return new Window(checkId, checkedAt, version, start, end, other);
        }

        DriftMetricsRow notEnough(String test, String why) {
            return new DriftMetricsRow(
                    checkId, checkedAt, version, start, end, size, test, null, null, null, NOT_ENOUGH_DATA, why);
        }

        DriftMetricsRow judged(
                String test, double statistic, Double pValue, double threshold, boolean drift, String detail) {
            return new DriftMetricsRow(
                    checkId,
                    checkedAt,
                    version,
                    start,
                    end,
                    size,
                    test,
                    Double.isFinite(statistic) ? statistic : null,
                    pValue == null || !Double.isFinite(pValue) ? null : pValue,
                    threshold,
                    drift ? DRIFT : NO_DRIFT,
                    detail == null ? null : detail.substring(0, Math.min(2000, detail.length())));
        }
    }
}
