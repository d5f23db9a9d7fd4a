package io.prodcat.train;

import com.zaxxer.hikari.HikariDataSource;
import io.prodcat.dataset.DatasetSchema;
import io.prodcat.persistence.Database;
import io.prodcat.persistence.TrainingDao;
import io.prodcat.storage.MinioObjectStore;
import io.prodcat.storage.ObjectStore;
import io.prodcat.tracking.ExperimentTracker;
import io.prodcat.tracking.MlflowExperimentTracker;
import io.prodcat.tracking.UntrackedRuns;
import io.prodcat.training.HyperparameterOverrides;
import io.prodcat.training.Hyperparameters;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.mlflow.tracking.MlflowClient;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TrainProperties.class)
class TrainConfiguration {

    @Bean
    ObjectStore objectStore(TrainProperties properties) {
        TrainProperties.S3 s3 = properties.s3();
        return MinioObjectStore.connect(s3.endpoint(), s3.accessKey(), s3.secretKey());
    }

    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(TrainProperties properties) {
        return Database.pooledDataSource(properties.mysql().url(), properties.mysql().user(), properties.mysql().password());
    }

    @Bean
    Jdbi jdbi(HikariDataSource dataSource) {
        Database.migrate(dataSource);
        return Database.jdbi(dataSource);
    }

    /** MLflow, or no tracking when MLFLOW_TRACKING_URI is {@code none} ({@link UntrackedRuns}). */
    @Bean
    ExperimentTracker experimentTracker(TrainProperties properties) {
        String uri = properties.mlflow().trackingUri();
        return UntrackedRuns.selectedBy(uri) ? new UntrackedRuns() : new MlflowExperimentTracker(new MlflowClient(uri));
    }

    @Bean
    TrainingJob trainingJob(ObjectStore store, Jdbi jdbi, ExperimentTracker tracker, TrainProperties properties) {
        TrainProperties.Training training = properties.training();
        Map<String, String> params = training.params() == null ? Map.of() : training.params();
        TrainingSettings settings = new TrainingSettings(
                new DatasetSchema(properties.dataset().textColumns(), properties.dataset().labelColumn()),
                HyperparameterOverrides.apply(Hyperparameters.DEFAULT, params), training.holdoutFraction(),
                training.holdoutSeed(), properties.dataset().maxBytes(), training.runningTimeout(),
                training.modelBucket(), properties.mlflow().experiment());
        return new TrainingJob(store, jdbi.onDemand(TrainingDao.class), tracker, settings, Clock.systemUTC());
    }

    /** The function Spring Cloud Function exposes (spring.cloud.function.definition=train). */
    @Bean
    TrainFunction train(TrainingJob job, TrainProperties properties) {
        return new TrainFunction(job, URI.create(properties.events().source()));
    }

    @Bean
    EventSink eventSink(RestClient.Builder http, TrainProperties properties) {
        return new EventSink(http.build(), properties.events().sink(), properties.events().source());
    }
}
