package io.prodcat.engine.training;

import io.prodcat.engine.features.FeatureConfig;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hyperparameters as text: the key → value form that the model's provenance, MLflow params and the
 * command line's {@code --param key=value} share. Feature settings are prefixed {@code features.}.
 */
public final class HyperparameterOverrides {

    /** Settings that {@link #describe} leaves out at their defaults. */
    private static final List<String> OPTIONAL =
            List.of("negativeSample", "nodeShares", "compactionTolerance", "threads");

    private HyperparameterOverrides() {}

    /** Every setting that shapes the model (not the thread count), in a stable order. */
    public static Map<String, String> describe(Hyperparameters h) {
        Map<String, String> map = new LinkedHashMap<>();
        FeatureConfig f = h.features();
        map.put("features.wordMaxN", Integer.toString(f.wordMaxN()));
        map.put("features.charMinN", Integer.toString(f.charMinN()));
        map.put("features.charMaxN", Integer.toString(f.charMaxN()));
        map.put("features.hashBits", Integer.toString(f.hashBits()));
        map.put("features.charWeight", Double.toString(f.charWeight()));
        map.put("features.minDf", Integer.toString(f.minDf()));
        map.put("costs", join(h.costs()));
        map.put("classWeightPowers", join(h.classWeightPowers()));
        map.put("validationFraction", Double.toString(h.validationFraction()));
        map.put("tuneClassOffsets", Boolean.toString(h.tuneClassOffsets()));
        if (h.negativeSample() != Hyperparameters.AUTO_NEGATIVE_SAMPLE) {
            // absent at its default, so the settings (and config hashes) of models from before it existed stay the same
            map.put("negativeSample", Integer.toString(h.negativeSample()));
        }
        if (!h.nodeShares().equals(Hyperparameters.DEFAULT.nodeShares())) {
            map.put("nodeShares", join(h.nodeShares())); // absent at its default, like negativeSample
        }
        if (h.compactionTolerance() != Hyperparameters.DEFAULT_COMPACTION_TOLERANCE) {
            map.put("compactionTolerance", Double.toString(h.compactionTolerance())); // absent at its default
        }
        map.put("refit", Boolean.toString(h.refit()));
        map.put("tolerance", Double.toString(h.tolerance()));
        map.put("maxEpochs", Integer.toString(h.maxEpochs()));
        map.put("seed", Long.toString(h.seed()));
        return map;
    }

    /**
     * Overrides written on one line, as an environment variable holds them: {@code key=value} pairs separated by
     * semicolons (values such as {@code costs=0.5,1} contain commas), blanks around them ignored; blank: none.
     *
     * @throws IllegalArgumentException for a pair without {@code =}, an empty key or a key given twice
     */
    public static Map<String, String> parse(String line) {
        Map<String, String> overrides = new LinkedHashMap<>();
        if (line == null || line.isBlank()) {
            return overrides;
        }
        for (String pair : line.split(";")) {
            if (pair.isBlank()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String key = equals < 0 ? "" : pair.substring(0, equals).strip();
            if (key.isEmpty()) {
                throw new IllegalArgumentException(
                        "hyperparameter override '" + pair.strip() + "' is not key=value (pairs are separated by ';')");
            }
            if (overrides.put(key, pair.substring(equals + 1).strip()) != null) {
                throw new IllegalArgumentException("hyperparameter '" + key + "' is given twice");
            }
        }
        return overrides;
    }

    /**
     * Returns {@code base} with the given settings replaced.
     *
     * @throws IllegalArgumentException naming the key for an unknown key or a bad value
     */
    public static Hyperparameters apply(Hyperparameters base, Map<String, String> overrides) {
        Map<String, String> values = describe(base);
        for (Map.Entry<String, String> entry : overrides.entrySet()) {
            if (!values.containsKey(entry.getKey()) && !OPTIONAL.contains(entry.getKey())) {
                throw new IllegalArgumentException("unknown hyperparameter '" + entry.getKey() + "'; known: "
                        + values.keySet() + ", " + String.join(", ", OPTIONAL));
            }
            values.put(entry.getKey(), entry.getValue().strip());
        }
        try {
            FeatureConfig features = new FeatureConfig(
                    integer(values, "features.wordMaxN"),
                    integer(values, "features.charMinN"),
                    integer(values, "features.charMaxN"),
                    integer(values, "features.hashBits"),
                    number(values, "features.charWeight"),
                    integer(values, "features.minDf"));
            return new Hyperparameters(
                    features,
                    list(values, "costs"),
                    list(values, "classWeightPowers"),
                    number(values, "validationFraction"),
                    bool(values, "tuneClassOffsets"),
                    values.containsKey("negativeSample")
                            ? integer(values, "negativeSample")
                            : Hyperparameters.AUTO_NEGATIVE_SAMPLE,
                    values.containsKey("nodeShares")
                            ? list(values, "nodeShares")
                            : Hyperparameters.DEFAULT.nodeShares(),
                    values.containsKey("compactionTolerance")
                            ? number(values, "compactionTolerance")
                            : Hyperparameters.DEFAULT_COMPACTION_TOLERANCE,
                    bool(values, "refit"),
                    number(values, "tolerance"),
                    integer(values, "maxEpochs"),
                    Long.parseLong(values.get("seed")),
                    overrides.containsKey("threads") ? integer(overrides, "threads") : base.threads());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad hyperparameter value: " + e.getMessage(), e);
        }
    }

    private static int integer(Map<String, String> values, String key) {
        return Integer.parseInt(values.get(key));
    }

    private static double number(Map<String, String> values, String key) {
        return Double.parseDouble(values.get(key));
    }

    private static boolean bool(Map<String, String> values, String key) {
        String value = values.get(key);
        if (!value.equals("true") && !value.equals("false")) {
            throw new IllegalArgumentException(key + " must be true or false, got '" + value + "'");
        }
        return Boolean.parseBoolean(value);
    }

    private static List<Double> list(Map<String, String> values, String key) {
        return Arrays.stream(values.get(key).split(","))
                .map(String::strip)
                .map(Double::valueOf)
                .toList();
    }

    private static String join(List<Double> values) {
        return String.join(",", values.stream().map(String::valueOf).toList());
    }
}
