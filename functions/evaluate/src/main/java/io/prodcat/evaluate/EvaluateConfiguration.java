package io.prodcat.evaluate;

import com.zaxxer.hikari.HikariDataSource;
import io.prodcat.persistence.Database;
import io.prodcat.persistence.FeedbackDao;
import io.prodcat.persistence.ModelMetricsDao;
import io.prodcat.persistence.TrainingDao;
import io.prodcat.storage.MinioObjectStore;
import io.prodcat.tracking.LedgerModelRegistry;
import io.prodcat.tracking.MlflowArtifacts;
import io.prodcat.tracking.MlflowExperimentTracker;
import io.prodcat.tracking.MlflowModelRegistry;
import io.prodcat.tracking.ModelRegistry;
import io.prodcat.tracking.UntrackedRuns;
import java.net.URI;
import java.time.Clock;
import org.jdbi.v3.core.Jdbi;
import org.mlflow.tracking.MlflowClient;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(EvaluateProperties.class)
class EvaluateConfiguration {

    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(EvaluateProperties properties) {
        return Database.pooledDataSource(properties.mysql().url(), properties.mysql().user(), properties.mysql().password());
    }

    @Bean
    Jdbi jdbi(HikariDataSource dataSource) {
        Database.migrate(dataSource);
        return Database.jdbi(dataSource);
    }

    /** Tracking and registry on MLflow, or in the ledger when MLFLOW_TRACKING_URI is {@code none}. */
    @Bean
    EvaluationJob evaluationJob(Jdbi jdbi, EvaluateProperties properties) {
        String uri = properties.mlflow().trackingUri();
        RunReport report;
        ModelRegistry models;
        if (UntrackedRuns.selectedBy(uri)) {
            UntrackedRuns untracked = new UntrackedRuns();
            report = new RunReport(untracked, untracked);
            models = new LedgerModelRegistry(jdbi);
        } else {
            MlflowClient mlflow = new MlflowClient(uri);
            report = new RunReport(new MlflowExperimentTracker(mlflow), new MlflowArtifacts(mlflow, uri));
            models = new MlflowModelRegistry(mlflow);
        }
        EvaluateProperties.S3 s3 = properties.s3();
        EvaluateProperties.Registry registry = properties.registry();
        return new EvaluationJob(MinioObjectStore.connect(s3.endpoint(), s3.accessKey(), s3.secretKey()),
                jdbi.onDemand(TrainingDao.class), jdbi.onDemand(ModelMetricsDao.class), jdbi.onDemand(FeedbackDao.class),
                report, models, registry.modelName(),
                new QualityGate(registry.minF1Gain(), registry.minF1Floor()), Clock.systemUTC());
    }

    /** The function Spring Cloud Function exposes (spring.cloud.function.definition=evaluate). */
    @Bean
    EvaluateFunction evaluate(EvaluationJob job, EvaluateProperties properties) {
        return new EvaluateFunction(job, URI.create(properties.events().source()));
    }
}
