package io.prodcat.train;

import io.micrometer.core.instrument.MeterRegistry;
import io.prodcat.adapters.persistence.TrainingDao;
import io.prodcat.adapters.storage.ObjectStore;
import io.prodcat.adapters.tracking.ExperimentTracker;
import io.prodcat.adapters.tracking.ModelAliases;
import io.prodcat.adapters.tracking.ModelRegistry;
import io.prodcat.engine.dataset.DatasetSchema;
import io.prodcat.engine.training.HyperparameterOverrides;
import io.prodcat.engine.training.Hyperparameters;
import io.prodcat.engine.training.Parent;
import io.prodcat.events.EventType;
import io.prodcat.function.support.CallerAccess;
import io.prodcat.function.support.CloudEventFunction;
import io.prodcat.function.support.CloudEvents;
import io.prodcat.function.support.EventSink;
import io.prodcat.function.support.FunctionInfrastructure;
import io.prodcat.function.support.GateReferences;
import io.prodcat.function.support.HeapBudget;
import io.prodcat.function.support.LedgerDatabase;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TrainProperties.class)
@Import(FunctionInfrastructure.class)
class TrainConfiguration {

    @Bean
    TrainingSettings trainingSettings(TrainProperties properties) {
        TrainProperties.Training training = properties.training();
        HeapBudget heap = HeapBudget.ofThisJvm();
        Map<String, String> params = HyperparameterOverrides.parse(training.params());
        return new TrainingSettings(
                new DatasetSchema(
                        properties.dataset().textColumns(), properties.dataset().labelColumn()),
                HyperparameterOverrides.apply(Hyperparameters.DEFAULT, params),
                training.holdoutFraction(),
                training.holdoutSeed(),
                properties.dataset().maxBytes() > 0 ? properties.dataset().maxBytes() : heap.largestDataset(),
                heap,
                training.runningTimeout(),
                properties.model().bucket(),
                training.experiment(),
                properties.dataset().pathSeparator());
    }

    @Bean
    DatasetLocations datasetLocations(TrainProperties properties) {
        return new DatasetLocations(
                properties.dataset().buckets(), properties.dataset().prefix());
    }

    /** The ledger is migrated at start-up: train cannot do anything useful without it. */
    @Bean
    TrainingJob trainingJob(
            ObjectStore store,
            LedgerDatabase database,
            ExperimentTracker tracker,
            TrainingSettings settings,
            TrainProperties properties,
            ObjectProvider<ModelRegistry> registry) {
        GateReferences reference = new GateReferences(store, database, java.time.Clock.systemUTC());
        Supplier<Optional<Parent>> parents = properties.warmStart() == TrainProperties.WarmStart.CHAMPION
                ? new ChampionParent(
                        new ModelAliases(
                                registry.getObject(), properties.model().name()),
                        store,
                        properties.model().bucket())
                : ChampionParent.NONE;
        return TrainingJob.assemble(
                store, database.get().onDemand(TrainingDao.class), tracker, settings, reference::titleKeys, parents);
    }

    /** The function Spring Cloud Function exposes (spring.cloud.function.definition=train). */
    @Bean
    CloudEventFunction train(
            TrainingJob job, CloudEvents events, DatasetLocations locations, MeterRegistry meters, EventSink sink) {
        return new CloudEventFunction(
                events, EventType.DATASET_UPLOADED, new TrainFunction(job, locations), meters, sink);
    }

    /**
     * {@code POST /minio} is open to the filter chain: the controller checks MinIO's token itself, before the body.
     * As the webhook Service (PRODCAT_WEBHOOK_ONLY=true, many concurrent requests) the same image takes no training
     * events: those go to the cluster-local training Service.
     */
    @Bean
    CallerAccess webhookAccess(TrainProperties properties) {
        boolean webhookOnly = properties.webhookOnly();
        return new CallerAccess() {
            @Override
            public void authorize(
                    AuthorizeHttpRequestsConfigurer<?>.AuthorizationManagerRequestMatcherRegistry requests) {
                requests.requestMatchers(HttpMethod.POST, "/minio").permitAll();
                if (webhookOnly) {
                    requests.requestMatchers("/**").denyAll();
                }
            }

            @Override
            public List<String> pathsWithTheirOwnCredentials() {
                return List.of("/minio");
            }
        };
    }
}
