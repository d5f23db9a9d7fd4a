package io.prodcat.predict;

import io.micrometer.core.instrument.MeterRegistry;
import io.prodcat.adapters.storage.ObjectStore;
import io.prodcat.adapters.tracking.ModelRegistry;
import io.prodcat.events.EventType;
import io.prodcat.events.ModelPromoted;
import io.prodcat.function.support.CallerAccess;
import io.prodcat.function.support.ClientConcurrency;
import io.prodcat.function.support.CloudEventConsumer;
import io.prodcat.function.support.CloudEvents;
import io.prodcat.function.support.FunctionInfrastructure;
import io.prodcat.function.support.GateReferences;
import io.prodcat.function.support.LedgerDatabase;
import io.prodcat.predict.api.PredictRoles;
import io.prodcat.predict.api.ReferenceController;
import io.prodcat.predict.feedback.FeedbackLoop;
import io.prodcat.predict.log.PredictionLog;
import io.prodcat.predict.rollout.RolloutRouter;
import io.prodcat.predict.serving.AotWarmUp;
import io.prodcat.predict.serving.BatchLane;
import io.prodcat.predict.serving.LoadedModel;
import io.prodcat.predict.serving.ModelHolder;
import io.prodcat.predict.serving.PromotedFunction;
import io.prodcat.predict.serving.Scorer;
import io.prodcat.predict.serving.ServingMetrics;
import java.time.Clock;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Lazy;
import org.springframework.context.event.EventListener;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.type.LogicalType;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PredictProperties.class)
@Import(FunctionInfrastructure.class)
class PredictConfiguration {

    /**
     * The configured model starts loading in the background as soon as this bean exists, in parallel with the rest
     * of start-up (a cold start is the context refresh plus the model load, not their sum); until it is in, the
     * server answers 503 and is not ready. The store and registry are built on first use.
     */
    @Bean(destroyMethod = "close")
    @Lazy(false)
    ModelHolder modelHolder(
            @Lazy ObjectStore store,
            @Lazy ModelRegistry registry,
            PredictProperties properties,
            ServingMetrics metrics) {
        ModelHolder holder = new ModelHolder(store, registry, properties.model(), metrics);
        holder.reloadConfigured();
        holder.followTheChampion(properties.rollout().withChallenger());
        return holder;
    }

    /** Predicting needs no database: it is migrated on the first feedback, not at start-up. */
    @Bean(destroyMethod = "close")
    FeedbackLoop feedbackLoop(
            LedgerDatabase database, @Lazy ObjectStore store, PredictProperties properties, ModelHolder models) {
        return new FeedbackLoop(
                database,
                store,
                properties.feedback(),
                properties.dataset(),
                Clock.systemUTC(),
                () -> models.current().map(LoadedModel::version));
    }

    /** The gate's trusted reference, for {@code GET|POST /admin/reference} ({@link ReferenceController}). */
    @Bean
    GateReferences gateReferences(LedgerDatabase database, @Lazy ObjectStore store) {
        return new GateReferences(store, database, Clock.systemUTC());
    }

    /** Runs after authentication (a filter bean's default order), before any body is read. */
    @Bean
    ClientConcurrency clientConcurrency(PredictProperties properties) {
        PredictProperties.Api api = properties.api();
        return new ClientConcurrency(
                java.util.List.of("/predict", "/v2/"), api.clientConcurrency(), api.anonymousConcurrency());
    }

    @Bean(destroyMethod = "close")
    BatchLane batchLane() {
        return BatchLane.forThisMachine();
    }

    @Bean
    ServingMetrics servingMetrics(MeterRegistry meters) {
        return new ServingMetrics(meters);
    }

    /** Writes in the background; a database that is down costs dropped log rows, never a slower answer. */
    @Bean
    Scorer scorer(ServingMetrics metrics, PredictionLog predictionLog) {
        return new Scorer(metrics, predictionLog);
    }

    /**
     * The challenger beside the champion (shadow or canary; with {@code direct} it hands the champion on), and the
     * counts per version the rollout check judges by.
     */
    @Bean(destroyMethod = "close")
    RolloutRouter rolloutRouter(
            ModelHolder models,
            PredictProperties properties,
            Scorer scorer,
            LedgerDatabase database,
            MeterRegistry meters) {
        return new RolloutRouter(
                models,
                properties.rollout(),
                properties.model().servesTheChampion(),
                scorer,
                database,
                meters,
                Clock.systemUTC());
    }

    @Bean(destroyMethod = "close")
    PredictionLog predictionLog(LedgerDatabase database, PredictProperties properties, MeterRegistry meters) {
        return new PredictionLog(database, properties.predictionLog(), meters, Clock.systemUTC());
    }

    /** A number or boolean where the API expects text is a bad request, not silently turned into text. */
    @Bean
    JsonMapperBuilderCustomizer strictText() {
        return builder -> builder.withCoercionConfig(
                LogicalType.Textual,
                config -> config.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
    }

    /** Who may call the API: roles predict, feedback, admin (docs/SECURITY.md). */
    @Bean
    CallerAccess predictRoles(PredictProperties properties) {
        return new PredictRoles(properties.access());
    }

    @Bean
    NoReplyEventFilter noReplyEventFilter() {
        return new NoReplyEventFilter();
    }

    /** The function Spring Cloud Function exposes at POST / (spring.cloud.function.definition=promoted). */
    @Bean
    CloudEventConsumer<ModelPromoted> promoted(
            ModelHolder models, @Lazy ModelRegistry registry, CloudEvents events, PredictProperties properties) {
        return new CloudEventConsumer<>(
                events,
                EventType.MODEL_PROMOTED,
                ModelPromoted.class,
                new PromotedFunction(models, registry, properties.model()));
    }

    /** See {@link AotWarmUp}; a no-op unless {@code prodcat.aot-warm-up=true}. */
    @EventListener(ApplicationReadyEvent.class)
    void aotWarmUp(ApplicationReadyEvent event) {
        if (event.getApplicationContext().getBean(PredictProperties.class).aotWarmUp()) {
            new AotWarmUp(event.getApplicationContext().getBean(ModelHolder.class)).start(event);
        }
    }
}
