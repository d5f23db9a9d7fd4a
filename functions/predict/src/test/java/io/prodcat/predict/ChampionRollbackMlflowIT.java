package io.prodcat.predict;

import static org.assertj.core.api.Assertions.assertThat;

import io.prodcat.adapters.persistence.Database;
import io.prodcat.adapters.storage.MinioObjectStore;
import io.prodcat.adapters.storage.S3Location;
import io.prodcat.adapters.tracking.AuditedModelRegistry;
import io.prodcat.adapters.tracking.MlflowExperimentTracker;
import io.prodcat.adapters.tracking.MlflowModelRegistry;
import io.prodcat.adapters.tracking.ModelRegistry;
import io.prodcat.engine.model.ModelFile;
import io.prodcat.testkit.FunctionServers;
import io.prodcat.testkit.MariaDbServer;
import io.prodcat.testkit.MlflowExtension;
import io.prodcat.testkit.MlflowServer;
import io.prodcat.testkit.S3Server;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link ChampionRollbackContract} with MLflow's registry (real server): the version also carries who and why. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@FunctionServers(database = "predict_rollback_mlflow")
@ExtendWith(MlflowExtension.class)
class ChampionRollbackMlflowIT extends ChampionRollbackContract {

    private static final String MODEL = "prodcat-rollback-it";

    private static MariaDbServer mariaDb;
    private static S3Server s3;
    private static MlflowServer mlflow;
    private static String jdbcUrl;

    @BeforeAll
    static void servers(FunctionServers.Servers servers, MlflowServer mlflowServer) throws Exception {
        mariaDb = servers.mariaDb();
        s3 = servers.s3();
        mlflow = mlflowServer;
        jdbcUrl = servers.jdbcUrl();
        var dataSource = mariaDb.dataSource(jdbcUrl);
        Database.migrate(dataSource);
        jdbi = Database.jdbi(dataSource);
        model = MODEL;
        registry = new AuditedModelRegistry(new MlflowModelRegistry(mlflow.client(), mlflow.trackingUri()), () -> jdbi);
        registry.ensureRegisteredModel(MODEL);
        MinioObjectStore store = MinioObjectStore.connect(s3.endpoint(), s3.accessKey(), s3.secretKey());
        for (String version : new String[] {"1", "2"}) {
            Path file = Files.createTempFile("prodcat-rollback", ".prodcat");
            ModelFile.write(
                    TestModels.trained(label -> version.equals("2") && label.equals("pets") ? "animals" : label), file);
            byte[] bytes = Files.readAllBytes(file);
            String uri = "s3://models/rollback/v" + version + ".prodcat";
            store.put(S3Location.parse(uri), new ByteArrayInputStream(bytes), bytes.length, "application/octet-stream");
            String runId =
                    new MlflowExperimentTracker(mlflow.client()).startRun("rollback-it", "v" + version, Map.of());
            assertThat(registry.createVersion(MODEL, uri, runId, Map.of()).version())
                    .isEqualTo(version);
        }
        registry.setAlias(MODEL, "champion", "2", new ModelRegistry.AliasChange("test", "the first champion"));
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry properties) {
        properties.add("mlflow.tracking-uri", () -> mlflow.trackingUri());
        registerCommon(properties);
    }

    @Test
    void theVersionInMlflowCarriesWhoMadeItTheChampionAndWhy() throws Exception {
        registry.setAlias(MODEL, "champion", "2", new ModelRegistry.AliasChange("test", "start at 2"));
        awaitServed("2");

        call("POST", "/admin/champion", "{\"version\": \"1\", \"reason\": \"a bad week for v2\"}", ADMIN_KEY);

        Map<String, String> tags =
                registry.findVersion(MODEL, "1").orElseThrow().tags();
        assertThat(tags).containsEntry("prodcat.champion.set_by", "ops");
        assertThat(tags).containsEntry("prodcat.champion.reason", "a bad week for v2");
        assertThat(tags).containsKey("prodcat.champion.set_at");
    }
}
