package io.prodcat.predict.serving;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * What predict tells Prometheus beyond Spring's request metrics ({@code http_server_requests_seconds}): answers per
 * label and model version, the top-1 probability's distribution, model loads and the version served, feedback and
 * whether it agreed with the model. Labels are categories and versions, never texts or ids; a model with more than
 * {@link #MAX_LABELS_PER_SERIES} labels is counted by its top-level category, so a 5,000-leaf tree stays a few
 * dozen series.
 */
public class ServingMetrics {

    static final int MAX_LABELS_PER_SERIES = 200;
    /** Bucket bounds of the top-1 probability histogram. */
    private static final double[] CONFIDENCE_BOUNDS = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.0};

    private final MeterRegistry meters;
    private final MultiGauge served;
    private final MultiGauge referenceShares;
    /** Each version's meters, looked up once: a registry lookup per answer was 2-3 % of predict's time. */
    private final Map<String, VersionMeters> byVersion = new ConcurrentHashMap<>();

    private record VersionMeters(DistributionSummary confidence, Map<String, Counter> predictions) {}

    public ServingMetrics(MeterRegistry meters) {
        this.meters = meters;
        this.served = MultiGauge.builder("prodcat.model.served")
                .description("1 for the model version being served")
                .register(meters);
        this.referenceShares = MultiGauge.builder("prodcat.reference.label.share")
                .description("share of each label among the served model's answers on its held-out rows")
                .register(meters);
        List.of("agreed", "corrected", "unscored").forEach(outcome -> feedbackCounter(outcome)); // at 0 from the start
    }

    /**
     * One answer of {@code model}: its label (or, for a model of more than {@value #MAX_LABELS_PER_SERIES} labels,
     * its top-level category; {@code other} for so many flat labels) and top-1 probability.
     */
    void answered(LoadedModel model, String label, String topLabel, double probability) {
        String series = model.classifier().labels().size() <= MAX_LABELS_PER_SERIES
                ? label
                : topLabel != null ? topLabel : "other";
        VersionMeters version = byVersion.computeIfAbsent(
                model.version(),
                v -> new VersionMeters(
                        DistributionSummary.builder("prodcat.prediction.confidence")
                                .description("probability of the answered label")
                                .tag("model_version", v)
                                .serviceLevelObjectives(CONFIDENCE_BOUNDS)
                                .register(meters),
                        new ConcurrentHashMap<>()));
        version.predictions()
                .computeIfAbsent(series, name -> predictions(model.version(), name))
                .increment();
        version.confidence().record(probability);
    }

    private Counter predictions(String version, String label) {
        return Counter.builder("prodcat.predictions")
                .description("answers given, by label and model version")
                .tag("model_version", version)
                .tag("label", label)
                .register(meters);
    }

    /**
     * A new model served: its version, and every series it will count answers under, at 0 from now (Prometheus'
     * increase() misses a series' first value, so a label's first answers would not show).
     */
    void loaded(LoadedModel model) {
        loadTimer("loaded").record(Duration.ofMillis(model.loadMillis()));
        List<String> labels = model.classifier().labels();
        if (labels.size() <= MAX_LABELS_PER_SERIES) {
            labels.forEach(label -> predictions(model.version(), label));
        } else {
            labels.stream()
                    .map(label -> topLevel(model, label))
                    .distinct()
                    .forEach(top -> predictions(model.version(), top));
        }
        served.register(List.of(MultiGauge.Row.of(Tags.of("version", model.version()), 1)), true);
    }

    /**
     * The served model's reference shares per label (its held-out answers; top-level categories for a large tree),
     * beside the served labels on the dashboard; none when the model has no reference.
     */
    void reference(LoadedModel model, Map<String, Integer> labelCounts) {
        Map<String, Double> shares = new TreeMap<>();
        double total = labelCounts.values().stream().mapToInt(Integer::intValue).sum();
        boolean byTopLevel = model.classifier().labels().size() > MAX_LABELS_PER_SERIES;
        labelCounts.forEach((label, count) ->
                shares.merge(byTopLevel ? topLevel(model, label) : label, total == 0 ? 0 : count / total, Double::sum));
        referenceShares.register(
                shares.entrySet().stream()
                        .map(share -> MultiGauge.Row.of(
                                Tags.of("model_version", model.version(), "label", share.getKey()), share.getValue()))
                        .toList(),
                true);
    }

    private static String topLevel(LoadedModel model, String label) {
        return model.classifier()
                .pathSeparator()
                .map(separator -> label.split(Pattern.quote(separator), 2)[0])
                .orElse("other");
    }

    void loadFailed(long millis) {
        loadTimer("failed").record(Duration.ofMillis(millis));
    }

    private Timer loadTimer(String outcome) {
        return Timer.builder("prodcat.model.loads")
                .description("model loads and how long they took")
                .tag("outcome", outcome)
                .register(meters);
    }

    /** A feedback row: agreed when the caller's kept answer was the true label, unscored when it kept none. */
    public void feedback(String predictedLabel, String label) {
        String outcome = predictedLabel == null
                ? "unscored"
                : Objects.equals(predictedLabel.strip(), label.strip()) ? "agreed" : "corrected";
        feedbackCounter(outcome).increment();
    }

    private Counter feedbackCounter(String outcome) {
        return Counter.builder("prodcat.feedback")
                .description("feedback received, by whether the model's answer was right")
                .tag("outcome", outcome)
                .register(meters);
    }
}
