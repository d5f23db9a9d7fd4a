package io.prodcat.predict.feedback;

import io.prodcat.adapters.persistence.FeedbackRow;
import io.prodcat.engine.features.TextKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which waiting feedback rows go into the next training set: the feedback client is not fully trusted, so no one
 * client can steer the model, and a few colluding ones are stopped for an admin. A row that agrees with what the served
 * model answered cannot move it and goes in (within the caps); a <em>correction</em> (a label other than that answer)
 * goes in only when:
 * <ol>
 *   <li>its sender sent at most {@code reviewCorrections} corrections in the window, else all its waiting corrections
 *       are held for review;</li>
 *   <li>at least {@code quorum} different clients sent the same label for the same title ({@link TextKey}), else it
 *       waits for them;</li>
 *   <li>the corrections into its class, exported in the window and in this export, stay within {@code classShare} of
 *       that class's rows in the base dataset (and at least {@link #CLASS_MIN_ROWS}), else all of this export's are
 *       held for review.</li>
 * </ol>
 * Rows an admin approved skip these three. Then every client is capped at {@code clientRowsPerWindow} rows exported in
 * the window, and feedback at {@code maxShare} of the dataset; the rest wait for a later export.
 */
public record FeedbackPolicy(
        int quorum, int reviewCorrections, double classShare, int clientRowsPerWindow, double maxShare) {

    /** Corrections into a class that are never too many, however small the class. */
    static final int CLASS_MIN_ROWS = 5;

    /** What the policy does with the waiting rows: admit some, hold some (id → reason); the rest wait. */
    record Decision(List<FeedbackRow> admitted, Map<Long, String> held) {}

    /**
     * @param waiting          rows neither consumed, claimed nor held, oldest first
     * @param correctionsSent  corrections each client sent in the window (these rows included)
     * @param exportedInWindow rows of each client exported in the window
     * @param correctionsIntoClass corrections into each class exported in the window
     * @param baseRowsPerClass rows per class of the dataset the export builds on
     */
    Decision decide(
            List<FeedbackRow> waiting,
            Map<String, Long> correctionsSent,
            Map<String, Long> exportedInWindow,
            Map<String, Long> correctionsIntoClass,
            Map<String, Integer> baseRowsPerClass) {
        Map<Long, String> held = new LinkedHashMap<>();
        List<FeedbackRow> corrections = new ArrayList<>();
        for (FeedbackRow row : waiting) {
            if (row.approved() || !row.isCorrection()) {
                continue;
            }
            long sent = correctionsSent.getOrDefault(row.clientId(), 0L);
            if (sent > reviewCorrections) {
                held.put(
                        row.id(),
                        String.format(
                                Locale.ROOT,
                                "client %s sent %d corrections in the window, more than %d: held for review",
                                row.clientId(),
                                sent,
                                reviewCorrections));
            } else {
                corrections.add(row);
            }
        }
        Set<Long> agreed = withQuorum(corrections);
        holdClassMoves(corrections, agreed, correctionsIntoClass, baseRowsPerClass, held);
        List<FeedbackRow> eligible = waiting.stream()
                .filter(row -> !held.containsKey(row.id()))
                .filter(row -> row.approved() || !row.isCorrection() || agreed.contains(row.id()))
                .toList();
        int base =
                baseRowsPerClass.values().stream().mapToInt(Integer::intValue).sum();
        return new Decision(capped(eligible, exportedInWindow, base), held);
    }

    /** The ids of corrections whose (title, label) at least {@code quorum} different clients sent. */
    private Set<Long> withQuorum(List<FeedbackRow> corrections) {
        Map<String, Set<String>> clients = new HashMap<>();
        for (FeedbackRow row : corrections) {
            clients.computeIfAbsent(vote(row), key -> new HashSet<>()).add(row.clientId());
        }
        Set<Long> agreed = new HashSet<>();
        for (FeedbackRow row : corrections) {
            if (clients.get(vote(row)).size() >= quorum) {
                agreed.add(row.id());
            }
        }
        return agreed;
    }

    private static String vote(FeedbackRow row) {
        return TextKey.of(row.text()) + "\u0000" + row.trueLabel();
    }

    /** Holds every agreed correction into a class that they, with the window's, would move by more than its share. */
    private void holdClassMoves(
            List<FeedbackRow> corrections,
            Set<Long> agreed,
            Map<String, Long> exported,
            Map<String, Integer> base,
            Map<Long, String> held) {
        Map<String, List<FeedbackRow>> byClass = new HashMap<>();
        corrections.stream()
                .filter(row -> agreed.contains(row.id()))
                .forEach(row -> byClass.computeIfAbsent(row.trueLabel(), label -> new ArrayList<>())
                        .add(row));
        byClass.forEach((label, rows) -> {
            int classRows = base.getOrDefault(label, 0);
            long allowed = Math.max(CLASS_MIN_ROWS, (long) Math.floor(classShare * classRows));
            long total = rows.size() + exported.getOrDefault(label, 0L);
            if (total > allowed) {
                String reason = String.format(
                        Locale.ROOT,
                        "%d corrections into '%s' in the window (%d rows in the training set) are more than %d: held for"
                                + " review",
                        total,
                        label,
                        classRows,
                        allowed);
                rows.forEach(row -> held.put(row.id(), reason));
            }
        });
    }

    /**
     * The eligible rows (oldest first) within the caps: at most {@code clientRowsPerWindow} of one client exported in the
     * window, feedback at most {@code maxShare} of the whole dataset. Without base rows nothing goes.
     */
    List<FeedbackRow> capped(List<FeedbackRow> eligible, Map<String, Long> exportedInWindow, int base) {
        double share = Math.min(Math.max(maxShare, 0.0), 1.0);
        long allowed = share >= 1.0 ? Long.MAX_VALUE : (long) Math.floor(share * base / (1.0 - share));
        Map<String, Long> perClient = new HashMap<>(exportedInWindow);
        List<FeedbackRow> admitted = new ArrayList<>();
        for (FeedbackRow row : eligible) {
            if (admitted.size() >= allowed) {
                break;
            }
            if (perClient.merge(row.clientId(), 1L, Long::sum) <= clientRowsPerWindow) {
                admitted.add(row);
            }
        }
        return admitted;
    }
}
