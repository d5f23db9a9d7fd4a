package io.prodcat.evaluate;

import io.micrometer.core.instrument.MeterRegistry;
import io.prodcat.adapters.persistence.AliasChangeDao;
import io.prodcat.adapters.persistence.DriftMetricsDao;
import io.prodcat.adapters.persistence.FeedbackDao;
import io.prodcat.adapters.persistence.FeedbackExportDao;
import io.prodcat.adapters.persistence.GateReferenceDao;
import io.prodcat.adapters.persistence.LedgerRegistryDao;
import io.prodcat.adapters.persistence.ModelMetricsDao;
import io.prodcat.adapters.persistence.PredictionLogDao;
import io.prodcat.adapters.persistence.TrainingDao;
import io.prodcat.adapters.persistence.VersionTrafficDao;
import io.prodcat.adapters.storage.ObjectStore;
import io.prodcat.adapters.tracking.ArtifactStore;
import io.prodcat.adapters.tracking.ExperimentTracker;
import io.prodcat.adapters.tracking.ModelAliases;
import io.prodcat.adapters.tracking.ModelRegistry;
import io.prodcat.evaluate.drift.DriftCheckJob;
import io.prodcat.evaluate.drift.DriftController;
import io.prodcat.evaluate.gate.FairComparison;
import io.prodcat.evaluate.gate.Gatekeeper;
import io.prodcat.evaluate.gate.QualityGate;
import io.prodcat.evaluate.gate.ReferenceSet;
import io.prodcat.evaluate.rollout.RolloutCheckJob;
import io.prodcat.evaluate.rollout.RolloutController;
import io.prodcat.events.EventType;
import io.prodcat.function.support.CloudEventFunction;
import io.prodcat.function.support.CloudEvents;
import io.prodcat.function.support.EventSink;
import io.prodcat.function.support.FunctionInfrastructure;
import io.prodcat.function.support.GateReferences;
import io.prodcat.function.support.HeapBudget;
import io.prodcat.function.support.LedgerDatabase;
import java.time.Clock;
import org.jdbi.v3.core.Jdbi;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(EvaluateProperties.class)
@Import(FunctionInfrastructure.class)
class EvaluateConfiguration {

    /** The ledger is migrated at start-up: evaluate cannot do anything useful without it. */
    @Bean
    EvaluationJob evaluationJob(
            ObjectStore store,
            LedgerDatabase database,
            ExperimentTracker tracker,
            ArtifactStore artifacts,
            ModelRegistry models,
            EvaluateProperties properties) {
        Jdbi jdbi = database.get();
        EvaluateProperties.Gate registry = properties.gate();
        String modelName = properties.model().name();
        Gatekeeper gatekeeper = new Gatekeeper(
                new FairComparison(
                        store,
                        jdbi.onDemand(TrainingDao.class),
                        new QualityGate(registry.minF1Gain(), registry.minF1Floor())),
                new ReferenceSet(
                        new GateReferences(store, database, Clock.systemUTC()),
                        registry.referenceUri(),
                        registry.referenceTolerance(),
                        registry.referenceClassTolerance(),
                        registry.referenceClassMinRows()),
                jdbi.onDemand(GateReferenceDao.class),
                jdbi.onDemand(FeedbackExportDao.class),
                uri -> EvaluationJob.load(store, uri),
                Clock.systemUTC());
        ModelMetricsDao metrics = jdbi.onDemand(ModelMetricsDao.class);
        ModelAliases aliases = new ModelAliases(models, modelName);
        return new EvaluationJob(
                store,
                jdbi.onDemand(TrainingDao.class),
                metrics,
                aliases,
                HeapBudget.ofThisJvm(),
                new Scoring(
                        metrics,
                        jdbi.onDemand(FeedbackDao.class),
                        new RunReport(tracker, artifacts),
                        Clock.systemUTC()),
                new Promotion(
                        models,
                        aliases,
                        metrics,
                        gatekeeper::judge,
                        properties.rollout(),
                        jdbi.onDemand(AliasChangeDao.class)));
    }

    /** The drift check behind {@code POST /drift} ({@link DriftController}). */
    @Bean
    DriftCheckJob driftCheckJob(
            ModelRegistry models, ObjectStore store, LedgerDatabase database, EvaluateProperties properties) {
        Jdbi jdbi = database.get();
        return new DriftCheckJob(
                models,
                properties.model().name(),
                store,
                jdbi.onDemand(PredictionLogDao.class),
                jdbi.onDemand(FeedbackDao.class),
                jdbi.onDemand(DriftMetricsDao.class),
                properties.drift(),
                Clock.systemUTC());
    }

    /** The rollout check behind {@code POST /rollout} ({@link RolloutController}). */
    @Bean
    RolloutCheckJob rolloutCheckJob(
            ModelRegistry models, LedgerDatabase database, EvaluateProperties properties, EventSink sink) {
        Jdbi jdbi = database.get();
        return new RolloutCheckJob(
                models,
                properties.model().name(),
                jdbi.onDemand(AliasChangeDao.class),
                jdbi.onDemand(VersionTrafficDao.class),
                jdbi.onDemand(FeedbackDao.class),
                jdbi.onDemand(LedgerRegistryDao.class),
                properties.rollout(),
                sink,
                Clock.systemUTC());
    }

    /** The function Spring Cloud Function exposes (spring.cloud.function.definition=evaluate). */
    @Bean
    CloudEventFunction evaluate(EvaluationJob job, CloudEvents events, MeterRegistry meters, EventSink sink) {
        return new CloudEventFunction(events, EventType.TRAINING_COMPLETED, new EvaluateFunction(job), meters, sink);
    }
}
