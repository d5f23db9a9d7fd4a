package io.prodcat.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.prodcat.adapters.persistence.Database;
import io.prodcat.adapters.persistence.TrainingDao;
import io.prodcat.adapters.persistence.TrainingLineage;
import io.prodcat.adapters.tracking.ModelRegistry;
import io.prodcat.adapters.tracking.ModelVersion;
import io.prodcat.engine.dataset.Dataset;
import io.prodcat.engine.dataset.LabelledText;
import io.prodcat.engine.model.Lineage;
import io.prodcat.engine.model.LinearClassifier;
import io.prodcat.engine.model.ModelFile;
import io.prodcat.engine.training.HyperparameterOverrides;
import io.prodcat.engine.training.Hyperparameters;
import io.prodcat.engine.training.LinearTrainer;
import io.prodcat.events.DatasetUploaded;
import io.prodcat.events.TrainingCompleted;
import io.prodcat.testkit.FunctionServers;
import io.prodcat.testkit.MlflowExtension;
import io.prodcat.testkit.MlflowServer;
import io.prodcat.testkit.RecordingHttpServer;
import io.prodcat.testkit.S3Server;
import io.prodcat.testkit.SyntheticCatalog;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * PRODCAT_WARM_START=champion against real MariaDB, S3 (S3Proxy) and MLflow: a training follows the registry's
 * champion, and the lineage is in the model file, the ledger row and the MLflow run; a champion with other feature
 * settings is not followed, and says why.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@FunctionServers(database = "warm_start")
@ExtendWith(MlflowExtension.class)
class WarmStartIT {

    /** A registered model of its own: the champion alias of the other tests' model is not touched. */
    private static final String MODEL = "warm-start-it-" + UUID.randomUUID();

    private static S3Server s3;
    private static MlflowServer mlflow;
    private static Jdbi jdbi;
    private static RecordingHttpServer broker;

    @Autowired
    private TrainingJob job;

    @Autowired
    private DatasetLocations locations;

    @Autowired
    private ModelRegistry registry;

    @BeforeAll
    static void servers(FunctionServers.Servers servers, MlflowServer mlflowServer) {
        s3 = servers.s3();
        mlflow = mlflowServer;
        jdbi = Database.jdbi(servers.mariaDb().dataSource(servers.jdbcUrl()));
        broker = RecordingHttpServer.start();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("mlflow.tracking-uri", () -> mlflow.trackingUri());
        registry.add("prodcat.training.experiment", () -> "warm-start-it");
        registry.add("prodcat.model.name", () -> MODEL);
        registry.add("prodcat.warm-start", () -> "champion"); // PRODCAT_WARM_START
        registry.add("prodcat.training.params", () -> "costs=0.5,1");
        registry.add("prodcat.events.sink", () -> broker.url());
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void aTrainingFollowsTheChampionAndItsLineageIsInTheModelTheLedgerAndTheRun() throws Exception {
        TrainingCompleted first = train(SyntheticCatalog.csv(40, 31)); // no champion yet: cold, no lineage
        assertThat(jdbi.onDemand(TrainingDao.class).lineageOf(UUID.fromString(first.trainingId())))
                .isEmpty();
        ModelVersion champion = crown(first.weightsUri(), first.runId());

        TrainingCompleted second = train(SyntheticCatalog.csv(50, 32));

        Lineage inTheModel = loadModel(second.weightsUri()).provenance().lineage();
        assertThat(inTheModel.parentVersion()).isEqualTo(champion.version());
        assertThat(inTheModel.parentTrainingId()).isEqualTo(first.trainingId());
        assertThat(inTheModel.parentDatasetSha1()).isEqualTo(first.datasetHash());
        TrainingLineage inTheLedger = jdbi.onDemand(TrainingDao.class)
                .lineageOf(UUID.fromString(second.trainingId()))
                .orElseThrow();
        assertThat(inTheLedger)
                .isEqualTo(new TrainingLineage(
                        champion.version(),
                        first.trainingId(),
                        inTheModel.start(),
                        inTheModel.warmValidationMacroF1(),
                        inTheModel.coldValidationMacroF1()));
        assertThat(inTheLedger.startChoice()).isIn("warm", "cold");
        Map<String, String> tags = runTags(second.runId());
        assertThat(tags)
                .containsEntry("parent_version", champion.version())
                .containsEntry("parent_training_id", first.trainingId())
                .containsEntry("start", inTheModel.start());
    }

    @Test
    void aChampionWithOtherFeatureSettingsIsNotFollowedAndTheRunSaysWhy() throws Exception {
        // a champion trained elsewhere with word bigrams only: its setting was chosen for other columns
        var rows = SyntheticCatalog.products(40, 41).stream()
                .map(product -> new LabelledText(product.title(), product.category()))
                .toList();
        LinearClassifier other = new LinearTrainer(
                        HyperparameterOverrides.apply(Hyperparameters.DEFAULT, Map.of("features.wordMaxN", "2")))
                .train(new Dataset(
                        rows,
                        rows.stream()
                                .map(LabelledText::label)
                                .distinct()
                                .sorted()
                                .toList(),
                        "3".repeat(40)))
                .model();
        String weights = "s3://models/runs/" + UUID.randomUUID() + "/model.prodcat";
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelFile.write(other, bytes);
        put("models", weights.substring("s3://models/".length()), bytes.toByteArray());
        crown(weights, null);

        TrainingCompleted trained = train(SyntheticCatalog.csv(40, 42));

        assertThat(loadModel(trained.weightsUri()).provenance().lineage()).isNull();
        assertThat(jdbi.onDemand(TrainingDao.class).lineageOf(UUID.fromString(trained.trainingId())))
                .isEmpty();
        assertThat(runTags(trained.runId()).get("warm_start_refused"))
                .isEqualTo("the parent model's feature settings differ: features.wordMaxN 2 in the parent, 3 here");
    }

    @Test
    void aChampionWithoutItsDualsIsNotFollowedAndTheRunSaysWhy() throws Exception {
        // a model that would fit, copied in the model bucket without the duals its training kept beside it
        TrainingCompleted fitting = train(SyntheticCatalog.csv(40, 71));
        assertThat(StoredObjects.duals(s3, fitting.weightsUri()).labels())
                .isEqualTo(loadModel(fitting.weightsUri()).labels());
        crownCopyOf(fitting, "models");

        TrainingCompleted trained = train(SyntheticCatalog.csv(40, 72));

        assertThat(loadModel(trained.weightsUri()).provenance().lineage()).isNull();
        assertThat(runTags(trained.runId()).get("warm_start_refused")).contains("kept no duals");
    }

    @Test
    void aChampionWhoseWeightsLieOutsideTheModelBucketIsNotFollowed() throws Exception {
        // a model that would fit (trained here, the same features) but registered from another bucket: not read
        TrainingCompleted fitting = train(SyntheticCatalog.csv(40, 61));
        crownCopyOf(fitting, "elsewhere");

        TrainingCompleted trained = train(SyntheticCatalog.csv(40, 62));

        assertThat(loadModel(trained.weightsUri()).provenance().lineage()).isNull();
        assertThat(jdbi.onDemand(TrainingDao.class).lineageOf(UUID.fromString(trained.trainingId())))
                .isEmpty();
    }

    private TrainingCompleted train(String csv) throws Exception {
        String key = "train/warm-" + UUID.randomUUID() + ".csv";
        put("dataset", key, csv.getBytes(StandardCharsets.UTF_8));
        TrainOutcome outcome = job.run(new DatasetUploaded("dataset", key, null, null), locations);
        assertThat(outcome).isInstanceOf(TrainOutcome.Trained.class);
        return ((TrainOutcome.Trained) outcome).event();
    }

    /** Crowns a copy of the training's model file (without its duals) in {@code bucket}. */
    private void crownCopyOf(TrainingCompleted training, String bucket) throws Exception {
        byte[] bytes;
        try (var out = new ByteArrayOutputStream()) {
            ModelFile.write(loadModel(training.weightsUri()), out);
            bytes = out.toByteArray();
        }
        String key = "runs/" + UUID.randomUUID() + "/model.prodcat";
        put(bucket, key, bytes);
        crown("s3://" + bucket + "/" + key, null);
    }

    private ModelVersion crown(String weightsUri, String runId) {
        registry.ensureRegisteredModel(MODEL);
        ModelVersion version = registry.createVersion(MODEL, weightsUri, runId, Map.of());
        registry.setAlias(
                MODEL, "champion", version.version(), new ModelRegistry.AliasChange("WarmStartIT", "a parent"));
        return version;
    }

    private static Map<String, String> runTags(String runId) {
        return mlflow.client().getRun(runId).getData().getTagsList().stream()
                .collect(Collectors.toMap(tag -> tag.getKey(), tag -> tag.getValue()));
    }

    private static void put(String bucket, String key, byte[] bytes) throws Exception {
        StoredObjects.put(s3, bucket, key, bytes);
    }

    private static LinearClassifier loadModel(String weightsUri) throws Exception {
        return StoredObjects.model(s3, weightsUri);
    }
}
