package io.prodcat.predict;

import com.zaxxer.hikari.HikariDataSource;
import io.prodcat.persistence.Database;
import io.prodcat.storage.MinioObjectStore;
import io.prodcat.storage.ObjectStore;
import io.prodcat.tracking.MlflowModelRegistry;
import java.time.Clock;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;
import org.mlflow.tracking.MlflowClient;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.type.LogicalType;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PredictProperties.class)
class PredictConfiguration {

    @Bean
    ObjectStore objectStore(PredictProperties properties) {
        PredictProperties.S3 s3 = properties.s3();
        return MinioObjectStore.connect(s3.endpoint(), s3.accessKey(), s3.secretKey());
    }

    @Bean(destroyMethod = "close")
    ModelHolder modelHolder(ObjectStore store, PredictProperties properties) {
        return new ModelHolder(store, new MlflowModelRegistry(new MlflowClient(properties.mlflow().trackingUri())),
                properties.model());
    }

    /** Predicting needs no database: it is connected and migrated on the first feedback, not at start-up. */
    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(PredictProperties properties) {
        return Database.pooledDataSource(properties.mysql().url(), properties.mysql().user(), properties.mysql().password());
    }

    @Bean(destroyMethod = "close")
    FeedbackLoop feedbackLoop(HikariDataSource dataSource, ObjectStore store, PredictProperties properties) {
        return new FeedbackLoop(new MigratedOnFirstUse(dataSource), store, properties.feedback(), Clock.systemUTC());
    }

    /** A number or boolean where the API expects text is a bad request, not silently turned into text. */
    @Bean
    JsonMapperBuilderCustomizer strictText() {
        return builder -> builder.withCoercionConfig(LogicalType.Textual, config -> config
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
    }

    /** The function Spring Cloud Function exposes at POST / (spring.cloud.function.definition=promoted). */
    @Bean
    PromotedFunction promoted(ModelHolder models) {
        return new PromotedFunction(models);
    }

    /** The model loads after start-up, in the background: the server answers (503, not ready) meanwhile. */
    @EventListener(ApplicationReadyEvent.class)
    void loadModel(ApplicationReadyEvent event) {
        event.getApplicationContext().getBean(ModelHolder.class).reloadConfigured();
    }

    private static final class MigratedOnFirstUse implements Supplier<Jdbi> {
        private final HikariDataSource dataSource;
        private volatile Jdbi jdbi;

        MigratedOnFirstUse(HikariDataSource dataSource) {
            this.dataSource = dataSource;
        }

        @Override
        public Jdbi get() {
            if (jdbi == null) {
                synchronized (this) {
                    if (jdbi == null) {
                        Database.migrate(dataSource);
                        jdbi = Database.jdbi(dataSource);
                    }
                }
            }
            return jdbi;
        }
    }
}
