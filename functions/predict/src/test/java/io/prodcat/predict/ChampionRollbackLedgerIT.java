package io.prodcat.predict;

import io.prodcat.model.ModelFile;
import io.prodcat.persistence.Database;
import io.prodcat.persistence.ModelMetricsDao;
import io.prodcat.persistence.ModelMetricsRow;
import io.prodcat.persistence.TrainingDao;
import io.prodcat.persistence.TrainingRecord;
import io.prodcat.storage.MinioObjectStore;
import io.prodcat.storage.S3Location;
import io.prodcat.testkit.MariaDbExtension;
import io.prodcat.testkit.MariaDbServer;
import io.prodcat.testkit.S3Extension;
import io.prodcat.testkit.S3Server;
import io.prodcat.tracking.LedgerModelRegistry;
import io.prodcat.tracking.ModelRegistry;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@link ChampionRollbackContract} with the registry in the ledger tables (MLFLOW_TRACKING_URI=none), where before
 * this change an older version could not be named champion again at all.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith({MariaDbExtension.class, S3Extension.class})
class ChampionRollbackLedgerIT extends ChampionRollbackContract {

    private static final String MODEL = "prodcat-rollback-ledger-it";

    private static MariaDbServer mariaDb;
    private static S3Server s3;
    private static String jdbcUrl;

    @BeforeAll
    static void servers(MariaDbServer mariaDbServer, S3Server s3Server) throws Exception {
        mariaDb = mariaDbServer;
        s3 = s3Server;
        jdbcUrl = mariaDb.createDatabase("predict_rollback_ledger");
        var dataSource = mariaDb.dataSource(jdbcUrl);
        Database.migrate(dataSource);
        jdbi = Database.jdbi(dataSource);
        model = MODEL;
        registry = new LedgerModelRegistry(jdbi);
        MinioObjectStore store = MinioObjectStore.connect(s3.endpoint(), s3.accessKey(), s3.secretKey());
        Instant start = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        for (char version : new char[] {'1', '2'}) {
            Path file = Files.createTempFile("prodcat-rollback", ".prodcat");
            ModelFile.write(
                    TestModels.trained(label -> version == '2' && label.equals("pets") ? "animals" : label), file);
            byte[] bytes = Files.readAllBytes(file);
            String uri = "s3://models/rollback-ledger/v" + version + ".prodcat";
            store.put(S3Location.parse(uri), new ByteArrayInputStream(bytes), bytes.length, "application/octet-stream");
            evaluatedTraining(start.plusSeconds(60L * (version - '0')), version, uri);
        }
        registry.setAlias(MODEL, "champion", "2", new ModelRegistry.AliasChange("test", "the first champion"));
    }

    /** A finished, evaluated training whose version the ledger registry numbers, as train and evaluate record it. */
    private static void evaluatedTraining(Instant at, char digit, String weights) {
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
        metrics.setModelVersion(
                row, registry.createVersion(MODEL, weights, runId, Map.of()).version());
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry properties) {
        s3.registerProperties(properties::add);
        mariaDb.registerProperties(properties::add, jdbcUrl);
        properties.add("prodcat.mlflow.tracking-uri", () -> "none");
        registerCommon(properties);
    }
}
