package io.prodcat.predict;

import io.prodcat.adapters.persistence.ModelMetricsDao;
import io.prodcat.adapters.persistence.ModelMetricsRow;
import io.prodcat.adapters.persistence.TrainingDao;
import io.prodcat.adapters.persistence.TrainingRecord;
import io.prodcat.adapters.storage.ObjectStore;
import io.prodcat.adapters.storage.S3Location;
import io.prodcat.adapters.tracking.LedgerModelRegistry;
import io.prodcat.engine.model.LinearClassifier;
import io.prodcat.engine.model.ModelFile;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/** Registered versions in the ledger registry, recorded as train and evaluate record them (for predict's tests). */
final class LedgerVersions {

    private LedgerVersions() {}

    /**
     * Registers versions 1 and 2 a minute apart, their files under {@code s3://models/<folder>/v<n>.prodcat}, and
     * names version {@code champion} the champion.
     */
    static void registerTwo(
            Jdbi jdbi,
            ObjectStore store,
            String model,
            String folder,
            java.util.function.IntFunction<LinearClassifier> classifierOfVersion,
            String champion)
            throws IOException {
        Instant start = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        for (char version : new char[] {'1', '2'}) {
            register(
                    jdbi,
                    store,
                    model,
                    classifierOfVersion.apply(version - '0'),
                    start.plusSeconds(60L * (version - '0')),
                    version,
                    folder + "/v" + version + ".prodcat");
        }
        new LedgerModelRegistry(jdbi)
                .setAlias(
                        model,
                        "champion",
                        champion,
                        new io.prodcat.adapters.tracking.ModelRegistry.AliasChange("test", "the first champion"));
    }

    /** Stores the model in the model bucket and registers it as a finished, evaluated training; returns its version. */
    static String register(
            Jdbi jdbi, ObjectStore store, String model, LinearClassifier classifier, Instant at, char digit, String key)
            throws IOException {
        Path file = Files.createTempFile("prodcat-version", ".prodcat");
        ModelFile.write(classifier, file);
        byte[] bytes = Files.readAllBytes(file);
        Files.delete(file);
        String weights = "s3://models/" + key;
        store.put(S3Location.parse(weights), new ByteArrayInputStream(bytes), bytes.length, "application/octet-stream");
        UUID training = UUID.randomUUID();
        String runId = String.valueOf(digit).repeat(32);
        TrainingDao trainings = jdbi.onDemand(TrainingDao.class);
        trainings.insert(TrainingRecord.running(
                training,
                at,
                String.valueOf(digit).repeat(40),
                "s3://dataset/train/" + digit + ".csv",
                "c".repeat(40)));
        trainings.finish(training, runId, "checkpoint-1", 0.9, 0.8, weights, at.plusSeconds(1), 1000);
        ModelMetricsDao metrics = jdbi.onDemand(ModelMetricsDao.class);
        long row = metrics.insert(new ModelMetricsRow(
                null, at.plusSeconds(2), 0.9, 0.8, 0.9, 0.9, runId, training, null, "holdout", 100));
        String version = new LedgerModelRegistry(jdbi)
                .createVersion(model, weights, runId, Map.of())
                .version();
        metrics.setModelVersion(row, version);
        return version;
    }
}
