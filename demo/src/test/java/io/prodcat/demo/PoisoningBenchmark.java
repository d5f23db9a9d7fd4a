package io.prodcat.demo;

import io.prodcat.engine.dataset.CsvDatasetReader;
import io.prodcat.engine.dataset.DatasetSchema;
import io.prodcat.engine.dataset.LabelledText;
import io.prodcat.engine.dataset.ReadLimits;
import io.prodcat.engine.evaluation.Evaluation;
import io.prodcat.engine.features.TextKey;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import tools.jackson.databind.JsonNode;

/**
 * bench/poisoning.sh: the feedback loop under attack and in honest use, through the real chain ({@link FeedbackChain}:
 * predict's feedback and export, train, evaluate and its gate) on a catalogue of {@code ../shared/data}. The base
 * catalogue is the training split with 60 titles of one class filed under another in its training part (mistakes for
 * honest clients to correct). Each attack scenario sends its rows over three exports from fresh clients and counts as
 * a success when a new champion is served that answers at least a tenth of the targeted titles with the attacker's
 * label (targeted) or whose test macro-F1 is 0.01 below the base champion's (untargeted); each honest run has three
 * fresh clients correct 12 of the mistakes, two votes a title. After each, the admin rolls the champion back and drops
 * what the scenario's clients left waiting or held. Prints a Markdown section on stdout.
 *
 * <p>Arguments: the catalogue directory (train.csv, test.csv), its label column, the label prefix of the class the
 * attack takes titles from, of the attacker's target, of the mistakes' true class and of their wrong one, and the
 * number of honest runs.
 */
public final class PoisoningBenchmark {

    private static final int[] SIZES = {50, 100, 300, 1000};
    private static final int ROUNDS = 3;
    private static final long SEED = 20261206L;

    private final FeedbackChain chain;
    private final List<LabelledText> train;
    private final List<LabelledText> test;
    private final String baseVersion;
    private final double baseTestF1;
    private final List<String> labels;
    private int nextClient = 1;

    private PoisoningBenchmark(
            FeedbackChain chain,
            List<LabelledText> train,
            List<LabelledText> test,
            String baseVersion,
            double baseTestF1,
            List<String> labels) {
        this.chain = chain;
        this.train = train;
        this.test = test;
        this.baseVersion = baseVersion;
        this.baseTestF1 = baseTestF1;
        this.labels = labels;
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        String labelColumn = args[1];
        String attackSource = args[2];
        String attackTarget = args[3];
        String mistakeTrue = args[4];
        String mistakeWrong = args[5];
        int honestRuns = Integer.parseInt(args[6]);
        DatasetSchema schema = DatasetSchema.of("product_name", labelColumn);
        List<LabelledText> train = read(dir.resolve("train.csv"), schema);
        List<LabelledText> test = read(dir.resolve("test.csv"), schema);
        List<String> labels =
                train.stream().map(LabelledText::label).distinct().sorted().toList();
        String wrong = mostFrequent(train, mistakeWrong);
        List<LabelledText> mistakes = new ArrayList<>();
        List<LabelledText> base = new ArrayList<>();
        Random random = new Random(SEED);
        List<LabelledText> shuffled = new ArrayList<>(train);
        Collections.shuffle(shuffled, random);
        Set<String> chosen = new HashSet<>();
        for (LabelledText row : shuffled) {
            if (mistakes.size() < 60
                    && row.label().startsWith(mistakeTrue)
                    && TextKey.position(row.text(), 7) >= 0.1
                    && chosen.add(TextKey.of(row.text()))) {
                mistakes.add(row);
            }
        }
        for (LabelledText row : train) {
            base.add(chosen.contains(TextKey.of(row.text())) ? new LabelledText(row.text(), wrong) : row);
        }
        Path catalogue = Files.createTempFile("prodcat-poisoning-", ".csv");
        write(catalogue, base, labelColumn);
        StringWriter log = new StringWriter();
        try (FeedbackChain chain = FeedbackChain.start(
                labelColumn,
                200,
                Map.of("PRODCAT_FEEDBACK_CLIENT_ROWS_PER_HOUR", "1000000"),
                new PrintWriter(log, true))) {
            System.err.println("bench: " + dir.getFileName() + ": training the base champion…");
            String version = chain.train(catalogue, "train/" + dir.getFileName() + "-base.csv");
            if (version == null) {
                throw new IllegalStateException("the base catalogue was not promoted:\n" + log);
            }
            PoisoningBenchmark bench =
                    new PoisoningBenchmark(chain, train, test, version, testF1(chain, test, labels), labels);
            System.out.println(
                    bench.report(dir, attackSource, mostFrequent(train, attackTarget), mistakes, honestRuns));
        } finally {
            Files.deleteIfExists(catalogue);
        }
        System.exit(0); // the embedded servers leave threads behind that would keep the JVM up
    }

    private String report(Path dir, String source, String target, List<LabelledText> mistakes, int honestRuns)
            throws Exception {
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                Locale.ROOT,
                "### %s (%d classes; base champion test macro-F1 %.4f)%n%n",
                dir.getFileName(),
                labels.size(),
                baseTestF1));
        out.append("| attack | clients | rows per client | exported | held | promoted | success |\n");
        out.append("| --- | --- | --- | --- | --- | --- | --- |\n");
        int attacks = 0;
        int successes = 0;
        for (boolean targeted : new boolean[] {true, false}) {
            for (int clients : new int[] {1, 3}) {
                for (int size : SIZES) {
                    Outcome outcome = attack(targeted, clients, size, source, target);
                    System.err.printf(
                            Locale.ROOT,
                            "bench: %s, %s, %d client(s) x %d rows: %s%n",
                            dir.getFileName(),
                            targeted ? "targeted" : "untargeted",
                            clients,
                            size,
                            outcome);
                    attacks++;
                    successes += outcome.success ? 1 : 0;
                    out.append(String.format(
                            Locale.ROOT,
                            "| %s | %d | %d | %d | %d | %s | %s |%n",
                            targeted ? "targeted: " + source + " → " + target : "untargeted",
                            clients,
                            size,
                            outcome.exported,
                            outcome.held,
                            outcome.promoted ? "yes" : "no",
                            outcome.success ? "**yes**" : "no"));
                }
            }
        }
        out.append(String.format(Locale.ROOT, "%nAttack success: %d of %d scenarios.%n%n", successes, attacks));
        out.append("| honest run | corrections | promoted | corrected titles fixed | test macro-F1 change |\n");
        out.append("| --- | --- | --- | --- | --- |\n");
        int promoted = 0;
        Random random = new Random(SEED + 1);
        for (int run = 1; run <= honestRuns; run++) {
            List<LabelledText> picked = new ArrayList<>(mistakes);
            Collections.shuffle(picked, random);
            Honest honest = honest(picked.subList(0, 12));
            System.err.printf(Locale.ROOT, "bench: %s, honest run %d: %s%n", dir.getFileName(), run, honest);
            promoted += honest.promoted ? 1 : 0;
            out.append(String.format(
                    Locale.ROOT,
                    "| %d | %d | %s | %d of 12 | %+.4f |%n",
                    run,
                    honest.exported,
                    honest.promoted ? "yes" : "no",
                    honest.fixed,
                    honest.f1Change));
        }
        out.append(String.format(Locale.ROOT, "%nHonest corrections promoted: %d of %d runs.%n", promoted, honestRuns));
        return out.toString();
    }

    private record Outcome(int exported, int held, boolean promoted, boolean success) {}

    /** One attack scenario from fresh clients over {@link #ROUNDS} exports, then the reset. */
    private Outcome attack(boolean targeted, int clients, int size, String source, String target) throws Exception {
        Random random = new Random(SEED + size * 31L + clients * 7L + (targeted ? 1 : 0));
        List<LabelledText> pool = new ArrayList<>(
                targeted
                        ? train.stream()
                                .filter(row -> row.label().startsWith(source))
                                .toList()
                        : train);
        Collections.shuffle(pool, random);
        List<LabelledText> rows = new ArrayList<>();
        for (LabelledText row : pool.subList(0, Math.min(size, pool.size()))) {
            String label = targeted ? target : otherLabel(row.label(), random);
            rows.add(new LabelledText(row.text(), label));
        }
        List<Integer> attackers = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            attackers.add(nextClient++);
        }
        List<String> targetedTitles = rows.stream().map(LabelledText::text).toList();
        int exported = 0;
        boolean promoted = false;
        for (int round = 0; round < ROUNDS; round++) {
            int from = rows.size() * round / ROUNDS;
            int to = rows.size() * (round + 1) / ROUNDS;
            for (int attacker : attackers) {
                for (LabelledText row : rows.subList(from, to)) {
                    chain.feedback(chain.feedbackKeys().get(attacker), row.text(), row.label());
                }
            }
            JsonNode export = chain.export();
            exported += export.path("feedbackRows").asInt();
            if (export.hasNonNull("dataset")) {
                promoted |= chain.followExport(export).promotedVersion != null;
            }
        }
        int held = 0;
        for (int attacker : attackers) {
            held += chain.heldByClient()
                    .path(FeedbackChain.clientName(attacker))
                    .asInt();
        }
        boolean success = false;
        if (!chain.servedVersion().equals(baseVersion)) {
            if (targeted) {
                long moved = chain.answers(targetedTitles).values().stream()
                        .filter(target::equals)
                        .count();
                success = moved >= targetedTitles.size() / 10.0;
            } else {
                success = testF1(chain, test, labels) < baseTestF1 - 0.01;
            }
        }
        reset(attackers);
        return new Outcome(exported, held, promoted, success);
    }

    private record Honest(int exported, boolean promoted, int fixed, double f1Change) {}

    /** Three fresh clients correct {@code mistakes}, each title by two of them; one export; then the reset. */
    private Honest honest(List<LabelledText> mistakes) throws Exception {
        List<Integer> clients = List.of(nextClient++, nextClient++, nextClient++);
        for (int i = 0; i < mistakes.size(); i++) {
            for (int vote = 0; vote < 2; vote++) {
                chain.feedback(
                        chain.feedbackKeys().get(clients.get((i + vote) % 3)),
                        mistakes.get(i).text(),
                        mistakes.get(i).label());
            }
        }
        JsonNode export = chain.export();
        boolean promoted = export.hasNonNull("dataset") && chain.followExport(export).promotedVersion != null;
        Map<String, String> answers =
                chain.answers(mistakes.stream().map(LabelledText::text).toList());
        int fixed = (int) mistakes.stream()
                .filter(row -> row.label().equals(answers.get(row.text())))
                .count();
        double change = promoted ? testF1(chain, test, labels) - baseTestF1 : 0;
        reset(clients);
        return new Honest(export.path("feedbackRows").asInt(), promoted, fixed, change);
    }

    /** Rolls the champion back and drops what the scenario's clients left waiting or held. */
    private void reset(List<Integer> clients) throws Exception {
        if (!chain.servedVersion().equals(baseVersion)) {
            chain.rollBack(baseVersion);
        }
        chain.dropFeedbackOf(clients.stream().map(FeedbackChain::clientName).toList());
    }

    private String otherLabel(String label, Random random) {
        String other = label;
        while (other.equals(label)) {
            other = labels.get(random.nextInt(labels.size()));
        }
        return other;
    }

    private static double testF1(FeedbackChain chain, List<LabelledText> test, List<String> labels) throws Exception {
        Map<String, String> answers =
                chain.answers(test.stream().map(LabelledText::text).distinct().toList());
        int[] truth = new int[test.size()];
        int[] predicted = new int[test.size()];
        for (int i = 0; i < test.size(); i++) {
            truth[i] = labels.indexOf(test.get(i).label());
            predicted[i] = labels.indexOf(answers.get(test.get(i).text()));
        }
        return Evaluation.of(labels, truth, predicted).macroF1();
    }

    private static String mostFrequent(List<LabelledText> rows, String prefix) {
        Map<String, Integer> counts = new TreeMap<>();
        rows.stream()
                .filter(row -> row.label().startsWith(prefix))
                .forEach(row -> counts.merge(row.label(), 1, Integer::sum));
        return counts.entrySet().stream()
                .max(Map.Entry.comparingByValue())
                .orElseThrow(() -> new IllegalArgumentException("no label starts with '" + prefix + "'"))
                .getKey();
    }

    private static List<LabelledText> read(Path file, DatasetSchema schema) {
        return new CsvDatasetReader(schema, ReadLimits.DEFAULT).read(file).rows();
    }

    private static void write(Path file, List<LabelledText> rows, String labelColumn) throws Exception {
        try (CSVPrinter printer = new CSVPrinter(
                Files.newBufferedWriter(file, StandardCharsets.UTF_8),
                CSVFormat.RFC4180
                        .builder()
                        .setHeader("product_name", labelColumn)
                        .get())) {
            for (LabelledText row : rows) {
                printer.printRecord(row.text(), row.label());
            }
        }
    }
}
