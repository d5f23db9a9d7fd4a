package io.prodcat.predict;

import io.prodcat.adapters.persistence.Database;
import io.prodcat.adapters.storage.MinioObjectStore;
import io.prodcat.adapters.tracking.LedgerModelRegistry;
import io.prodcat.testkit.FunctionServers;
import io.prodcat.testkit.MariaDbServer;
import io.prodcat.testkit.S3Server;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@link ChampionRollbackContract} with the registry in the ledger tables (MLFLOW_TRACKING_URI=none), where before
 * this change an older version could not be named champion again at all.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@FunctionServers(database = "predict_rollback_ledger")
class ChampionRollbackLedgerIT extends ChampionRollbackContract {

    private static final String MODEL = "prodcat-rollback-ledger-it";

    private static MariaDbServer mariaDb;
    private static S3Server s3;
    private static String jdbcUrl;

    @BeforeAll
    static void servers(FunctionServers.Servers servers) throws Exception {
        mariaDb = servers.mariaDb();
        s3 = servers.s3();
        jdbcUrl = servers.jdbcUrl();
        var dataSource = mariaDb.dataSource(jdbcUrl);
        Database.migrate(dataSource);
        jdbi = Database.jdbi(dataSource);
        model = MODEL;
        registry = new LedgerModelRegistry(jdbi);
        MinioObjectStore store = MinioObjectStore.connect(s3.endpoint(), s3.accessKey(), s3.secretKey());
        LedgerVersions.registerTwo(
                jdbi,
                store,
                MODEL,
                "rollback-ledger",
                version -> TestModels.trained(label -> version == 2 && label.equals("pets") ? "animals" : label),
                "2");
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry properties) {
        registerCommon(properties);
    }
}
