package io.prodcat.evaluate.drift;

import io.prodcat.adapters.storage.ModelFiles;
import io.prodcat.adapters.storage.ObjectNotFoundException;
import io.prodcat.adapters.storage.ObjectStore;
import io.prodcat.engine.dataset.LabelledText;
import io.prodcat.engine.model.LinearClassifier;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a model's answers look like on its held-out rows, the baseline a drift check compares live answers with:
 * the answered labels' counts, every top-1 probability, a sample of the titles and the accuracy. Written by
 * evaluate beside the model's weights ({@link ModelFiles#driftReferenceOf}) when it scores a model; predict reads
 * its label counts for the served-versus-reference panel.
 *
 * @param labelCounts   answered label → held-out rows
 * @param probabilities the top-1 probability of each held-out row
 * @param titles        up to {@value #MAX_TITLES} held-out titles, for the domain classifier
 * @param accuracy      share of held-out rows answered right
 */
public record DriftReference(
        Map<String, Integer> labelCounts, double[] probabilities, List<String> titles, double accuracy) {

    static final int MAX_TITLES = 2_000;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Scores every held-out row once. */
    public static DriftReference of(LinearClassifier model, List<LabelledText> heldOut) {
        Map<String, Integer> counts = new TreeMap<>();
        double[] probabilities = new double[heldOut.size()];
        int right = 0;
        for (int row = 0; row < heldOut.size(); row++) {
            double[] scores = model.probabilities(heldOut.get(row).text());
            int best = 0;
            for (int c = 1; c < scores.length; c++) {
                if (scores[c] > scores[best]) {
                    best = c;
                }
            }
            String label = model.labels().get(best);
            counts.merge(label, 1, Integer::sum);
            probabilities[row] = scores[best];
            right += label.equals(heldOut.get(row).label()) ? 1 : 0;
        }
        List<String> titles =
                new ArrayList<>(heldOut.stream().map(LabelledText::text).toList());
        Collections.shuffle(titles, new Random(7));
        return new DriftReference(
                counts,
                probabilities,
                List.copyOf(titles.subList(0, Math.min(MAX_TITLES, titles.size()))),
                heldOut.isEmpty() ? 0 : (double) right / heldOut.size());
    }

    public void store(ObjectStore store, String weightsUri) {
        byte[] json = JSON.writeValueAsBytes(this);
        store.put(
                ModelFiles.driftReferenceOf(weightsUri),
                new ByteArrayInputStream(json),
                json.length,
                "application/json");
    }

    /** The reference of the model at {@code weightsUri}; empty when it has none (scored before drift checks existed). */
    public static Optional<DriftReference> find(ObjectStore store, String weightsUri) {
        try (InputStream in = store.open(ModelFiles.driftReferenceOf(weightsUri))) {
            return Optional.of(JSON.readValue(in, DriftReference.class));
        } catch (ObjectNotFoundException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the drift reference of " + weightsUri, e);
        }
    }
}
