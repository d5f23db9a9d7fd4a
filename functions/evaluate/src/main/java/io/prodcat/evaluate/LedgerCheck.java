package io.prodcat.evaluate;

import io.prodcat.adapters.persistence.TrainingRecord;
import io.prodcat.events.TrainingCompleted;
import java.util.Objects;
import java.util.Optional;

/**
 * An event is a claim, the ledger is the record: evaluate scores a training only when the event names the model,
 * dataset, fingerprint, run and holdout manifest the ledger row has, so a forged {@code training.completed} for a
 * finished training cannot get another model registered or scored on other rows.
 */
public class LedgerCheck {

    private LedgerCheck() {}

    /** What the event says that the ledger row does not; empty when they agree. */
    static Optional<String> disagreement(TrainingCompleted done, HoldoutSource holdout, TrainingRecord ledger) {
        if (!Objects.equals(done.weightsUri(), ledger.weightsS3())) {
            return Optional.of("weightsUri is not the training's model file");
        }
        if (!Objects.equals(done.datasetPath(), ledger.datasetPath())
                || !Objects.equals(done.datasetHash(), ledger.datasetHash())) {
            return Optional.of("datasetPath or datasetHash is not the training's dataset");
        }
        if (!Objects.equals(done.runId(), ledger.runId())) {
            return Optional.of("runId is not the training's run");
        }
        if (holdout instanceof HoldoutSource.Manifest manifest
                && !manifest.uri().equals(manifestNextTo(ledger.weightsS3()))) {
            return Optional.of("holdoutManifestUri is not the manifest next to the training's model file");
        }
        return Optional.empty();
    }

    /** Train writes {@code runs/<id>/holdout.json} next to {@code runs/<id>/model.prodcat}. */
    public static String manifestNextTo(String weightsUri) {
        return weightsUri.substring(0, weightsUri.lastIndexOf('/') + 1) + "holdout.json";
    }
}
