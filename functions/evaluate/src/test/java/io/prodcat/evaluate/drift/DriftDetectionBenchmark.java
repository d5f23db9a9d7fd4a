package io.prodcat.evaluate.drift;

import io.prodcat.engine.dataset.CsvDatasetReader;
import io.prodcat.engine.dataset.Dataset;
import io.prodcat.engine.dataset.DatasetSchema;
import io.prodcat.engine.dataset.LabelledText;
import io.prodcat.engine.dataset.ReadLimits;
import io.prodcat.engine.model.LinearClassifier;
import io.prodcat.engine.training.Hyperparameters;
import io.prodcat.engine.training.LinearTrainer;
import io.prodcat.testkit.SyntheticCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import smile.stat.hypothesis.KSTest;

/**
 * Detection and false alarms of the drift check's tests (bench/drift.sh; not a test), with the statistics and
 * thresholds the check uses ({@link DriftStatistics}, {@link DomainClassifier}, {@link DriftSettings}), computed in
 * memory so that every cell has hundreds of windows. Per catalogue (the instacart departments and aisles splits):
 * a model trained on the training rows of every department but pets, babies and personal care, except the rows whose
 * title's hash ends in 3, 5 or 7, which are the <b>calibration split</b> (its reference: 4,000 of them, as evaluate
 * keeps held-out answers; its fresh windows: the others). The test rows are the <b>evaluation split</b>, never seen
 * while the thresholds were chosen. Off-domain titles come from the three departments the model never saw; the hidden
 * domain (made-up hardware titles) appears in no calibration window. Prints a Markdown section.
 */
public final class DriftDetectionBenchmark {

    private static final Set<String> UNSEEN = Set.of("pets", "babies", "personal care");
    private static final int REFERENCE_ROWS = 4_000;
    private static final int CALIBRATION_WINDOWS = 400;
    private static final int[] CALIBRATION_SIZES = {200, 500, 2_000};
    /** The window size the candidates are compared at (the shipped minimum before this benchmark). */
    private static final int CHOICE_SIZE = 500;
    /** 1 % of the calibration windows. */
    private static final int MAX_FALSE_ALARMS = 4;

    private static final double[] P_VALUES = {0.01, 0.001, 0.0001};
    private static final double[] AUC_THRESHOLDS = {0.6, 0.65, 0.7, 0.75};
    private static final int WINDOWS = 200;
    private static final int[] OFF_DOMAIN_PERCENT = {5, 10, 20, 50, 100};

    private DriftDetectionBenchmark() {}

    /** One title with the served model's answer. */
    record Answered(String text, String department, String label, double probability) {}

    /** The five statistics of one window against the reference. */
    record Figures(double psi, double js, double chiSquareP, double ksP, double auc) {}

    /**
     * A rule that calls drift: the check's settings, or (before this benchmark) PSI and JS judged on their own.
     *
     * @param name            how the tables name it
     * @param settings        thresholds and p-value
     * @param effectSizeAlone PSI and JS call drift above their thresholds even where chi-square finds no shift
     */
    record Rule(String name, DriftSettings settings, boolean effectSizeAlone) {

        /** The tests that fire; with texts the domain classifier too. */
        List<String> fired(Figures figures, boolean texts) {
            List<String> fired = new ArrayList<>();
            if (effectSizeAlone
                    ? figures.psi() > settings.psiThreshold()
                    : settings.psiDrift(figures.psi(), figures.chiSquareP())) {
                fired.add("psi");
            }
            if (effectSizeAlone
                    ? figures.js() > settings.jsThreshold()
                    : settings.jsDrift(figures.js(), figures.chiSquareP())) {
                fired.add("js_distance");
            }
            if (settings.labelsShifted(figures.chiSquareP())) {
                fired.add("chi_square");
            }
            if (settings.probabilitiesShifted(figures.ksP())) {
                fired.add("ks_confidence");
            }
            if (texts && settings.titlesShifted(figures.auc())) {
                fired.add("domain_auc");
            }
            return fired;
        }

        int alarms(List<Figures> windows, boolean texts) {
            return (int) windows.stream()
                    .filter(window -> !fired(window, texts).isEmpty())
                    .count();
        }
    }

    /** The statistics of a catalogue's windows: fresh and 10 % off-domain on the calibration split, by window size. */
    record Calibration(String catalogue, Map<Integer, List<Figures>> fresh, Map<Integer, List<Figures>> shifted) {}

    /** A catalogue's model, its reference and the pools its windows are drawn from. */
    record Catalogue(
            String name,
            int labels,
            DriftReference reference,
            List<Answered> calibrationFresh,
            List<Answered> calibrationOff,
            List<Answered> evaluationFresh,
            List<Answered> evaluationOff,
            List<Answered> hidden) {}

    /** Arguments: the shared data folder, then the shipped minimum window, PSI, JS, p-value and AUC thresholds. */
    public static void main(String[] args) throws IOException {
        Path shared = Path.of(args[0]);
        DriftSettings shipped = settings(
                Integer.parseInt(args[1]),
                Double.parseDouble(args[2]),
                Double.parseDouble(args[3]),
                Double.parseDouble(args[4]),
                Double.parseDouble(args[5]));
        Rule before = new Rule("before (PSI, JS alone)", settings(500, 0.2, 0.1, 0.001, 0.75), true);
        List<Catalogue> catalogues = new ArrayList<>();
        for (String name : List.of("instacart", "instacart-aisles")) {
            catalogues.add(prepare(shared.resolve(name)));
        }
        List<Calibration> calibrations = new ArrayList<>();
        for (Catalogue catalogue : catalogues) {
            calibrations.add(calibration(catalogue));
        }
        StringBuilder out = new StringBuilder();
        Rule chosen = choose(calibrations, shipped, out);
        out.append(String.format(
                Locale.ROOT,
                "%nShipped defaults (evaluate's application.properties): at least %d predictions, PSI > %s and JS > %s"
                        + " (with chi-square's), chi-square and KS p < %s, domain AUC > %s: %s.%n",
                shipped.minPredictions(),
                shipped.psiThreshold(),
                shipped.jsThreshold(),
                shipped.pValue(),
                shipped.domainAucThreshold(),
                chosen.settings().equals(shipped) ? "the calibration's choice" : "NOT the calibration's choice"));
        out.append(String.format(
                Locale.ROOT,
                "%n#### The evaluation split (test rows; %d windows a cell; 95 %% Wilson intervals)%n%n"
                        + "\"before\" is the rule this benchmark replaced: PSI > 0.2 or JS > 0.1 on their own, at"
                        + " least 500 predictions.%n%n",
                WINDOWS));
        Rule shippedRule = new Rule("shipped", shipped, false);
        for (Catalogue catalogue : catalogues) {
            for (int size : new int[] {shipped.minPredictions(), 2_000}) {
                out.append(evaluation(catalogue, size, List.of(before, shippedRule)));
            }
        }
        System.out.print(out);
    }

    private static DriftSettings settings(int minPredictions, double psi, double js, double pValue, double auc) {
        return new DriftSettings(java.time.Duration.ofHours(1), minPredictions, psi, js, pValue, auc, 50, 30, 0.1);
    }

    private static Catalogue prepare(Path data) throws IOException {
        String[] header = Files.readAllLines(data.resolve("train.csv")).get(0).split(",");
        String labelColumn = header[header.length - 1]; // department, or category_path for the aisles
        CsvDatasetReader reader =
                new CsvDatasetReader(DatasetSchema.of("product_name", labelColumn), ReadLimits.DEFAULT);
        List<LabelledText> train = reader.read(data.resolve("train.csv")).rows();
        List<LabelledText> test = reader.read(data.resolve("test.csv")).rows();
        List<LabelledText> modelRows = new ArrayList<>();
        List<LabelledText> calibrationRows = new ArrayList<>();
        for (LabelledText row : train) {
            int digit = Math.floorMod(row.text().hashCode(), 10);
            (digit == 3 || digit == 5 || digit == 7 ? calibrationRows : modelRows).add(row);
        }
        List<LabelledText> seenTrain =
                modelRows.stream().filter(row -> !unseen(row)).toList();
        LinearClassifier model = trained(seenTrain);
        List<LabelledText> calibrationSeen =
                shuffled(calibrationRows.stream().filter(row -> !unseen(row)).toList(), 1);
        // the three departments' rows that are in no calibration window: the test rows and those left out of training
        List<LabelledText> evaluationOff = new ArrayList<>(
                test.stream().filter(DriftDetectionBenchmark::unseen).toList());
        evaluationOff.addAll(
                modelRows.stream().filter(DriftDetectionBenchmark::unseen).toList());
        return new Catalogue(
                data.getFileName().toString(),
                model.labels().size(),
                DriftReference.of(model, calibrationSeen.subList(0, REFERENCE_ROWS)),
                answered(model, calibrationSeen.subList(REFERENCE_ROWS, calibrationSeen.size())),
                answered(
                        model,
                        calibrationRows.stream()
                                .filter(DriftDetectionBenchmark::unseen)
                                .toList()),
                answered(model, test.stream().filter(row -> !unseen(row)).toList()),
                answered(model, evaluationOff),
                answered(
                        model,
                        SyntheticCatalog.offDomainTitles(5_000, 11).stream()
                                .map(title -> new LabelledText(title, "hardware"))
                                .toList()));
    }

    /** A model trained on {@code rows} with the engine's defaults. */
    static LinearClassifier trained(List<LabelledText> rows) {
        List<String> labels =
                rows.stream().map(LabelledText::label).distinct().sorted().toList();
        return new LinearTrainer(Hyperparameters.DEFAULT)
                .train(new Dataset(rows, labels, "0".repeat(40)))
                .model();
    }

    private static Calibration calibration(Catalogue catalogue) {
        Map<Integer, List<Figures>> fresh = new TreeMap<>();
        Map<Integer, List<Figures>> shifted = new TreeMap<>();
        for (int size : CALIBRATION_SIZES) {
            List<Figures> freshWindows = new ArrayList<>();
            List<Figures> shiftedWindows = new ArrayList<>();
            for (int run = 0; run < CALIBRATION_WINDOWS; run++) {
                Random random = new Random(7_000_000L + 31L * size + run);
                freshWindows.add(figures(catalogue.reference(), sample(catalogue.calibrationFresh(), size, random)));
                shiftedWindows.add(figures(
                        catalogue.reference(),
                        mixed(catalogue.calibrationFresh(), catalogue.calibrationOff(), size, 10, random)));
            }
            fresh.put(size, freshWindows);
            shifted.put(size, shiftedWindows);
            System.err.println(catalogue.name() + ": calibration windows of " + size + " done");
        }
        return new Calibration(catalogue.name(), fresh, shifted);
    }

    /**
     * The calibration table, and the choice it makes: among the candidate p-values and AUC thresholds, the one that
     * catches most 10 %-off-domain windows of {@value #CHOICE_SIZE} (texts logged, both catalogues) while calling
     * drift on at most {@value #MAX_FALSE_ALARMS} of the {@value #CALIBRATION_WINDOWS} fresh windows of each
     * catalogue; the smallest window size where that holds becomes the minimum; of equals, the strictest. PSI and JS
     * keep the shipped thresholds (they only fire with chi-square).
     */
    private static Rule choose(List<Calibration> calibrations, DriftSettings shipped, StringBuilder out) {
        out.append(String.format(
                Locale.ROOT,
                "#### Calibration (the calibration split only; %d windows a cell)%n%n"
                        + "Drift called on fresh windows (false alarms) and on windows with 10 %% off-domain titles,"
                        + " texts logged.%n%n| window | p-value | domain AUC >",
                CALIBRATION_WINDOWS));
        for (Calibration calibration : calibrations) {
            out.append(" | ")
                    .append(calibration.catalogue())
                    .append(" false alarms | ")
                    .append(calibration.catalogue())
                    .append(" caught, 10 %");
        }
        out.append(" |\n| --- | --- | ---")
                .append(" | --- | ---".repeat(calibrations.size()))
                .append(" |\n");
        Rule best = null;
        double bestCaught = -1;
        for (double pValue : P_VALUES) {
            for (double auc : AUC_THRESHOLDS) {
                int smallestSize = 0;
                double caughtAtChoice = -1;
                for (int size : CALIBRATION_SIZES) {
                    Rule rule = new Rule("candidate", candidate(shipped, size, pValue, auc), false);
                    out.append(String.format(Locale.ROOT, "| %,d | %s | %s", size, pValue, auc));
                    boolean acceptable = true;
                    double caught = 0;
                    for (Calibration calibration : calibrations) {
                        int alarms = rule.alarms(calibration.fresh().get(size), true);
                        int hits = rule.alarms(calibration.shifted().get(size), true);
                        acceptable &= alarms <= MAX_FALSE_ALARMS;
                        caught += (double) hits / CALIBRATION_WINDOWS / calibrations.size();
                        out.append(String.format(Locale.ROOT, " | %d | %d", alarms, hits));
                    }
                    out.append(" |\n");
                    if (acceptable && smallestSize == 0) {
                        smallestSize = size;
                    }
                    if (size == CHOICE_SIZE && acceptable) {
                        caughtAtChoice = caught;
                    }
                }
                // ties go to the later candidate: the stricter p-value and AUC threshold
                if (smallestSize > 0 && caughtAtChoice >= bestCaught) {
                    bestCaught = caughtAtChoice;
                    best = new Rule("chosen", candidate(shipped, smallestSize, pValue, auc), false);
                }
            }
        }
        if (best == null) {
            throw new IllegalStateException("no candidate keeps the false alarms in bounds at " + CHOICE_SIZE);
        }
        out.append(String.format(
                Locale.ROOT,
                "%nChosen: p < %s, domain AUC > %s, at least %,d predictions (catches %.1f %% of the 10 %%-off-domain"
                        + " windows of %,d; at most %d false alarms in %d on each catalogue).%n",
                best.settings().pValue(),
                best.settings().domainAucThreshold(),
                best.settings().minPredictions(),
                100 * bestCaught,
                CHOICE_SIZE,
                MAX_FALSE_ALARMS,
                CALIBRATION_WINDOWS));
        return best;
    }

    private static DriftSettings candidate(DriftSettings shipped, int size, double pValue, double auc) {
        return settings(size, shipped.psiThreshold(), shipped.jsThreshold(), pValue, auc);
    }

    private static String evaluation(Catalogue catalogue, int size, List<Rule> rules) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                Locale.ROOT,
                "%s (%d labels served), windows of %,d predictions:%n%n"
                        + "| windows | rule | drift called, texts logged | drift called, no texts |"
                        + " tests that fired (texts logged) |%n| --- | --- | --- | --- | --- |%n",
                catalogue.name(),
                catalogue.labels(),
                size));
        String busiest = busiestDepartment(catalogue.evaluationFresh());
        Map<String, Function<Random, List<Answered>>> cells = new LinkedHashMap<>();
        cells.put("fresh (false alarms)", random -> sample(catalogue.evaluationFresh(), size, random));
        for (int percent : OFF_DOMAIN_PERCENT) {
            cells.put(
                    percent + " % off-domain",
                    random -> mixed(catalogue.evaluationFresh(), catalogue.evaluationOff(), size, percent, random));
        }
        cells.put(
                busiest + " ×3 (in-catalogue shift)",
                random -> weighted(catalogue.evaluationFresh(), busiest, 3, size, random));
        for (int percent : new int[] {20, 100}) {
            cells.put(
                    "hidden domain (hardware), " + percent + " %",
                    random -> mixed(catalogue.evaluationFresh(), catalogue.hidden(), size, percent, random));
        }
        for (Map.Entry<String, Function<Random, List<Answered>>> cell : cells.entrySet()) {
            List<Figures> figures = new ArrayList<>();
            for (int run = 0; run < WINDOWS; run++) {
                Random random = new Random(31L * size + run + cell.getKey().hashCode());
                figures.add(figures(catalogue.reference(), cell.getValue().apply(random)));
            }
            for (Rule rule : rules) {
                out.append(row(cell.getKey(), rule, figures));
            }
            System.err.println(catalogue.name() + " " + size + " " + cell.getKey() + " done");
        }
        return out.append('\n').toString();
    }

    private static String row(String cell, Rule rule, List<Figures> figures) {
        Map<String, Integer> fired = new TreeMap<>();
        figures.forEach(window -> rule.fired(window, true).forEach(test -> fired.merge(test, 1, Integer::sum)));
        return String.format(
                Locale.ROOT,
                "| %s | %s | %s | %s | %s |%n",
                cell,
                rule.name(),
                rate(rule.alarms(figures, true), figures.size()),
                rate(rule.alarms(figures, false), figures.size()),
                fired.isEmpty() ? "none" : fired.toString());
    }

    /** {@code k / n} with its 95 % Wilson score interval. */
    static String rate(int k, int n) {
        double z = 1.959964;
        double p = (double) k / n;
        double centre = (p + z * z / (2 * n)) / (1 + z * z / n);
        double half = z * Math.sqrt(p * (1 - p) / n + z * z / (4.0 * n * n)) / (1 + z * z / n);
        return String.format(
                Locale.ROOT,
                "%d / %d (%.1f %% [%.1f, %.1f])",
                k,
                n,
                100 * p,
                100 * Math.max(0, centre - half),
                100 * Math.min(1, centre + half));
    }

    /** The check's statistics of one window (label counts, top-1 probabilities, titles) against the reference. */
    static Figures figures(DriftReference reference, List<Answered> window) {
        Map<String, Integer> counts = new TreeMap<>();
        double[] probabilities = new double[window.size()];
        List<String> titles = new ArrayList<>();
        for (int i = 0; i < window.size(); i++) {
            counts.merge(window.get(i).label(), 1, Integer::sum);
            probabilities[i] = window.get(i).probability();
            if (titles.size() < DriftReference.MAX_TITLES) {
                titles.add(window.get(i).text());
            }
        }
        DriftStatistics.Bins bins = DriftStatistics.Bins.of(reference.labelCounts(), counts);
        KSTest ks = DriftStatistics.kolmogorovSmirnov(reference.probabilities(), probabilities);
        return new Figures(
                DriftStatistics.populationStabilityIndex(bins),
                DriftStatistics.jensenShannonDistance(bins),
                DriftStatistics.chiSquare(bins).pValue(),
                ks.pvalue,
                DomainClassifier.compare(reference.titles(), titles, 7).auc());
    }

    private static boolean unseen(LabelledText row) {
        return UNSEEN.contains(department(row.label()));
    }

    /** The department of a label: the label itself, or a path's first level. */
    private static String department(String label) {
        int separator = label.indexOf(" > ");
        return separator < 0 ? label : label.substring(0, separator);
    }

    private static String busiestDepartment(List<Answered> rows) {
        Map<String, Integer> sizes = new TreeMap<>();
        rows.forEach(row -> sizes.merge(row.department(), 1, Integer::sum));
        return Collections.max(sizes.entrySet(), Map.Entry.comparingByValue()).getKey();
    }

    static List<Answered> answered(LinearClassifier model, List<LabelledText> rows) {
        List<Answered> answers = new ArrayList<>(rows.size());
        for (LabelledText row : rows) {
            double[] probabilities = model.probabilities(row.text());
            int best = 0;
            for (int c = 1; c < probabilities.length; c++) {
                best = probabilities[c] > probabilities[best] ? c : best;
            }
            answers.add(new Answered(
                    row.text(), department(row.label()), model.labels().get(best), probabilities[best]));
        }
        return answers;
    }

    private static <T> List<T> shuffled(List<T> rows, long seed) {
        List<T> copy = new ArrayList<>(rows);
        Collections.shuffle(copy, new Random(seed));
        return copy;
    }

    /** {@code size} distinct rows of {@code pool} (all of it, shuffled, when it has fewer). */
    static List<Answered> sample(List<Answered> pool, int size, Random random) {
        List<Answered> copy = new ArrayList<>(pool);
        Collections.shuffle(copy, random);
        return copy.subList(0, Math.min(size, copy.size()));
    }

    /** {@code percent} % of the window from {@code off}, the rest from {@code fresh}. */
    private static List<Answered> mixed(
            List<Answered> fresh, List<Answered> off, int size, int percent, Random random) {
        int offRows = Math.round(size * percent / 100f);
        List<Answered> window = new ArrayList<>(sample(off, offRows, random));
        window.addAll(sample(fresh, size - offRows, random));
        return window;
    }

    /** A window where {@code department}'s rows are drawn {@code factor} times as often as the others. */
    private static List<Answered> weighted(
            List<Answered> pool, String department, int factor, int size, Random random) {
        List<Answered> in =
                pool.stream().filter(row -> row.department().equals(department)).toList();
        List<Answered> rest = pool.stream()
                .filter(row -> !row.department().equals(department))
                .toList();
        double share = (double) in.size() * factor / (in.size() * factor + rest.size());
        int inRows = (int) Math.round(size * share);
        List<Answered> window = new ArrayList<>(sample(in, inRows, random));
        window.addAll(sample(rest, size - inRows, random));
        return window;
    }
}
