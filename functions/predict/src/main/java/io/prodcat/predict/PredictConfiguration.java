package io.prodcat.predict;

import com.zaxxer.hikari.HikariDataSource;
import io.prodcat.persistence.Database;
import io.prodcat.storage.MinioObjectStore;
import io.prodcat.storage.ObjectStore;
import io.prodcat.tracking.LedgerModelRegistry;
import io.prodcat.tracking.MlflowModelRegistry;
import io.prodcat.tracking.ModelRegistry;
import io.prodcat.tracking.UntrackedRuns;
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
import org.springframework.context.annotation.Lazy;
import org.springframework.context.event.EventListener;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PredictProperties.class)
class PredictConfiguration {

    /*
     * The store and the registry are connected on first use (@Lazy here and where injected): building the MinIO
     * client reads the JDK's CA certificates, about a third of a cold start, and a file: model needs neither.
     */
    @Bean
    @Lazy
    ObjectStore objectStore(PredictProperties properties) {
        PredictProperties.S3 s3 = properties.s3();
        return MinioObjectStore.connect(s3.endpoint(), s3.accessKey(), s3.secretKey());
    }

    /**
     * The configured model starts loading in the background as soon as this bean exists, in parallel with the rest
     * of start-up (a cold start is the context refresh plus the model load, not their sum); until it is in, the
     * server answers 503 and is not ready.
     */
    /** MLflow's registry, or the ledger's when MLFLOW_TRACKING_URI is {@code none}. */
    @Bean
    @Lazy
    ModelRegistry modelRegistry(PredictProperties properties, MigratedOnFirstUse database) {
        String uri = properties.mlflow().trackingUri();
        return UntrackedRuns.selectedBy(uri) ? new LedgerModelRegistry(database.get())
                : new MlflowModelRegistry(new MlflowClient(uri));
    }

    @Bean(destroyMethod = "close")
    @Lazy(false)
    ModelHolder modelHolder(@Lazy ObjectStore store, @Lazy ModelRegistry registry, PredictProperties properties) {
        ModelHolder holder = new ModelHolder(store, registry, properties.model());
        holder.reloadConfigured();
        return holder;
    }

    /** Predicting needs no database: it is connected and migrated on the first feedback, not at start-up. */
    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(PredictProperties properties) {
        return Database.pooledDataSource(properties.mysql().url(), properties.mysql().user(), properties.mysql().password());
    }

    @Bean
    MigratedOnFirstUse database(HikariDataSource dataSource) {
        return new MigratedOnFirstUse(dataSource);
    }

    @Bean(destroyMethod = "close")
    FeedbackLoop feedbackLoop(MigratedOnFirstUse database, @Lazy ObjectStore store, PredictProperties properties) {
        return new FeedbackLoop(database, store, properties.feedback(), Clock.systemUTC());
    }

    /** A number or boolean where the API expects text is a bad request, not silently turned into text. */
    @Bean
    JsonMapperBuilderCustomizer strictText() {
        return builder -> builder.withCoercionConfig(LogicalType.Textual, config -> config
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
    }

    @Bean
    NoReplyEventFilter noReplyEventFilter() {
        return new NoReplyEventFilter();
    }

    /** The function Spring Cloud Function exposes at POST / (spring.cloud.function.definition=promoted). */
    @Bean
    PromotedFunction promoted(ModelHolder models) {
        return new PromotedFunction(models);
    }

    /** See {@link AotTrainingRun}; a no-op unless {@code prodcat.aot-training-run=true}. */
    @EventListener(ApplicationReadyEvent.class)
    void aotTrainingRun(ApplicationReadyEvent event) {
        if (event.getApplicationContext().getEnvironment().getProperty("prodcat.aot-training-run", Boolean.class, false)) {
            new AotTrainingRun(event.getApplicationContext().getBean(ModelHolder.class)).start(event);
        }
    }

    static final class MigratedOnFirstUse implements Supplier<Jdbi> {
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
