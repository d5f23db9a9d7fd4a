package io.prodcat.function.support;

import com.zaxxer.hikari.HikariDataSource;
import io.prodcat.adapters.persistence.Database;
import io.prodcat.adapters.storage.MinioObjectStore;
import io.prodcat.adapters.storage.ObjectStore;
import io.prodcat.adapters.tracking.ArtifactStore;
import io.prodcat.adapters.tracking.AuditedModelRegistry;
import io.prodcat.adapters.tracking.ExperimentTracker;
import io.prodcat.adapters.tracking.LedgerModelRegistry;
import io.prodcat.adapters.tracking.MlflowArtifacts;
import io.prodcat.adapters.tracking.MlflowExperimentTracker;
import io.prodcat.adapters.tracking.MlflowModelRegistry;
import io.prodcat.adapters.tracking.ModelRegistry;
import io.prodcat.adapters.tracking.UntrackedRuns;
import java.net.URI;
import java.nio.file.Path;
import org.mlflow.tracking.MlflowClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Lazy;
import org.springframework.web.client.RestClient;

/**
 * What every function builds the same way, imported by each function's configuration: the event codec, the error
 * answers, who may call ({@link FunctionSecurity}), and the clients of S3, the ledger database and MLflow ({@link MinioProperties}, {@link MysqlProperties},
 * {@link MlflowProperties}).
 *
 * <p>The clients are built on first use ({@code @Lazy}): building the MinIO client reads the JDK's CA certificates,
 * about a third of predict's cold start, and a function serving a {@code file:} model needs none of them. With
 * {@code MLFLOW_TRACKING_URI=none} runs are untracked and the registry lives in the ledger tables.
 */
@Configuration(proxyBeanMethods = false)
@Import({
    FunctionSecurity.class,
    SettingsRegistration.Infrastructure.class,
    SettingsRegistration.Minio.class,
    SettingsRegistration.Mysql.class,
    SettingsRegistration.Mlflow.class
})
public class FunctionInfrastructure {

    /** The events' {@code source}: as set, else {@code /prodcat/<function>} (the Service name without its prefix). */
    @Bean
    CloudEvents cloudEvents(InfrastructureProperties properties, @Value("${spring.application.name}") String service) {
        String source = properties.events().source();
        return new CloudEvents(URI.create(
                source == null || source.isBlank() ? "/prodcat/" + service.replaceFirst("^prodcat-", "") : source));
    }

    /** Where events of the function's own go (K_SINK); sending without one is a retryable failure. */
    @Bean
    EventSink eventSink(
            ObjectProvider<RestClient.Builder> http, InfrastructureProperties properties, CloudEvents events) {
        String tokenFile = properties.events().sinkTokenFile();
        return new EventSink(
                () -> http.getObject().build(),
                properties.events().sink(),
                events.source(),
                tokenFile == null || tokenFile.isBlank() ? null : Path.of(tokenFile),
                EventRoutes.parse(properties.events().routes()),
                properties.events().auth().token());
    }

    @Bean
    ProblemResponses problemResponses() {
        return new ProblemResponses();
    }

    @Bean
    org.springframework.boot.tomcat.TomcatContextCustomizer refusedBodiesNotRead() {
        return context -> context.getPipeline().addValve(new RefusedBodyNotRead());
    }

    /** First of all filters, so that every refusal, the security chain's included, says it closes the connection. */
    @Bean
    org.springframework.boot.web.servlet.FilterRegistrationBean<RefusedBodyNotRead.SaysSo> refusalsSayTheyClose() {
        var registration =
                new org.springframework.boot.web.servlet.FilterRegistrationBean<>(new RefusedBodyNotRead.SaysSo());
        registration.setOrder(org.springframework.core.Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    /** How long a connection may sit idle between two reads (PRODCAT_LIMITS_IDLE_TIMEOUT). */
    @Bean
    org.springframework.boot.tomcat.TomcatConnectorCustomizer idleTimeout(InfrastructureProperties properties) {
        long millis = properties.limits().idleTimeout().toMillis();
        return connector -> connector.setProperty("connectionTimeout", Long.toString(millis));
    }

    @Bean
    RequestBodyLimit requestBodyLimit(
            InfrastructureProperties properties,
            @Value("${spring.cloud.function.definition:function}") String functionName) {
        return new RequestBodyLimit(properties.limits(), functionName);
    }

    @Bean
    @Lazy
    ObjectStore objectStore(MinioProperties s3) {
        return MinioObjectStore.connect(s3.endpoint(), s3.accessKey(), s3.secretKey(), s3.region());
    }

    /**
     * The pool starts even while the database is down: the requests that need it fail (503) until it is back. Made
     * on the ledger's first use, not on the main thread during start (the pool and the JDBC driver took ~30 ms of it).
     */
    @Bean(destroyMethod = "close")
    @Lazy
    HikariDataSource dataSource(MysqlProperties mysql) {
        return Database.pooledDataSource(mysql.url(), mysql.user(), mysql.password());
    }

    @Bean
    LedgerDatabase ledgerDatabase(ObjectProvider<HikariDataSource> dataSource) {
        return new LedgerDatabase(dataSource::getObject);
    }

    @Bean
    @Lazy
    MlflowClient mlflowClient(MlflowProperties mlflow) {
        return new MlflowClient(mlflow.trackingUri());
    }

    @Bean
    @Lazy
    ExperimentTracker experimentTracker(MlflowProperties properties, ObjectProvider<MlflowClient> mlflow) {
        return tracked(properties) ? new MlflowExperimentTracker(mlflow.getObject()) : new UntrackedRuns();
    }

    @Bean
    @Lazy
    ArtifactStore artifactStore(MlflowProperties properties, ObjectProvider<MlflowClient> mlflow) {
        return tracked(properties)
                ? new MlflowArtifacts(mlflow.getObject(), properties.trackingUri())
                : UntrackedRuns.NO_ARTIFACTS;
    }

    @Bean
    @Lazy
    ModelRegistry modelRegistry(
            MlflowProperties properties, ObjectProvider<MlflowClient> mlflow, LedgerDatabase database) {
        return tracked(properties)
                ? new AuditedModelRegistry(
                        new MlflowModelRegistry(mlflow.getObject(), properties.trackingUri()), database)
                : new LedgerModelRegistry(database.get());
    }

    private static boolean tracked(MlflowProperties properties) {
        return !UntrackedRuns.selectedBy(properties.trackingUri());
    }
}
