package io.prodcat.predict.rollout;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.prodcat.adapters.persistence.VersionTrafficDao;
import io.prodcat.function.support.TokenDigest;
import io.prodcat.predict.DaemonThreads;
import io.prodcat.predict.PredictProperties;
import io.prodcat.predict.serving.LoadedModel;
import io.prodcat.predict.serving.ModelHolder;
import io.prodcat.predict.serving.Scorer;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The champion and its challenger on live traffic (docs/ROLLOUT.md). In canary mode a share of callers,
 * chosen by a hash of their caller key and the challenger's version (so a caller keeps its side for the whole trial),
 * is answered by the challenger; a request is answered by one version, its whole batch included. In shadow mode the
 * champion answers and the challenger scores the same texts afterwards. Either way the other version's view is
 * computed on one background thread fed by a bounded queue (what does not fit is not compared, and counted), never
 * on the request path. What each version answered, failed and agreed on is added to {@code version_traffic} every
 * few seconds, where the rollout check reads it: in every mode while predict serves the registry's champion (the
 * check also watches a fresh champion), not for a pinned {@code PRODCAT_MODEL_URI}.
 */
public class RolloutRouter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RolloutRouter.class);

    private final ModelHolder models;
    private final PredictProperties.Rollout settings;
    private final boolean countTraffic;
    private final Scorer scorer;
    private final Supplier<Jdbi> database;
    private final Clock clock;
    private final String instanceId = UUID.randomUUID().toString();
    private final Map<String, VersionCounts> counts = new ConcurrentHashMap<>();
    private final ThreadPoolExecutor comparer;
    private final ScheduledExecutorService flusher =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("version-traffic-writer"));
    private final Counter comparedCounter;
    private final Counter droppedCounter;
    private volatile boolean reportedFailure;

    public RolloutRouter(
            ModelHolder models,
            PredictProperties.Rollout settings,
            boolean countTraffic,
            Scorer scorer,
            Supplier<Jdbi> database,
            MeterRegistry meters,
            Clock clock) {
        this.models = models;
        this.settings = settings;
        this.countTraffic = countTraffic;
        this.scorer = scorer;
        this.database = database;
        this.clock = clock;
        this.comparer = new ThreadPoolExecutor(
                1,
                1,
                0,
                TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(Math.max(1, settings.compareQueue())),
                DaemonThreads.named("rollout-compare"));
        this.comparedCounter = Counter.builder("prodcat.rollout.compared")
                .description("texts scored by both the champion and the challenger (shadow or canary)")
                .register(meters);
        this.droppedCounter = Counter.builder("prodcat.rollout.compare.dropped")
                .description("texts not compared because the comparison queue was full")
                .register(meters);
        if (countTraffic) {
            long every = Math.max(100, settings.trafficFlush().toMillis());
            flusher.scheduleWithFixedDelay(this::flushQuietly, every, every, TimeUnit.MILLISECONDS);
        }
    }

    /** The version that answers this request: the champion, or in canary mode the challenger for its callers. */
    public LoadedModel choose(LoadedModel champion, String callerKey) {
        if (!settings.canary()) {
            return champion;
        }
        Optional<LoadedModel> challenger = models.challenger();
        if (challenger.isPresent() && bucket(callerKey, challenger.get().version()) < settings.canaryShare()) {
            return challenger.get();
        }
        return champion;
    }

    /** Where a caller falls in [0, 1) for a challenger: the same place for the whole trial, spread evenly. */
    static double bucket(String callerKey, String challengerVersion) {
        long hash = ByteBuffer.wrap(TokenDigest.sha256(challengerVersion + "|" + callerKey))
                .getLong();
        return (hash >>> 11) * 0x1.0p-53;
    }

    /** A request {@code served} answered; the other version scores its texts in the background. */
    public void answered(LoadedModel served, LoadedModel champion, List<String> texts, List<String> labels) {
        if (countTraffic) {
            countsOf(served.version()).answered.increment();
        }
        Optional<LoadedModel> challenger = settings.withChallenger() ? models.challenger() : Optional.empty();
        if (challenger.isEmpty()) {
            return;
        }
        LoadedModel other = served == champion ? challenger.get() : champion;
        if (settings.canary() && served == champion) {
            return; // canary compares the challenger's answers with the champion's view, not the other way round
        }
        VersionCounts trial = countsOf(challenger.get().version());
        try {
            comparer.execute(() -> compare(served, other, texts, labels, trial));
        } catch (RejectedExecutionException full) {
            trial.compareDropped.add(texts.size());
            droppedCounter.increment(texts.size());
        }
    }

    /** A request {@code served} was chosen for and failed. */
    public void failed(LoadedModel served) {
        if (countTraffic) {
            countsOf(served.version()).failed.increment();
        }
    }

    private void compare(
            LoadedModel served, LoadedModel other, List<String> texts, List<String> labels, VersionCounts trial) {
        for (int i = 0; i < texts.size(); i++) {
            Scorer.Scored view;
            try {
                view = scorer.scoreOnly(other, texts.get(i), 1);
            } catch (RuntimeException e) {
                if (settings.shadow()) {
                    trial.shadowFailed.increment();
                }
                LOG.debug("version {} failed to score a compared text: {}", other.version(), e.getMessage());
                continue;
            }
            if (settings.shadow()) {
                scorer.log(other, texts.get(i), view); // its answers, for the drift check and feedback per version
            }
            trial.compared.increment();
            if (view.answer().label().equals(labels.get(i))) {
                trial.agreed.increment();
            }
            comparedCounter.increment();
        }
    }

    private VersionCounts countsOf(String version) {
        return counts.computeIfAbsent(version, v -> new VersionCounts());
    }

    private void flushQuietly() {
        try {
            flush();
            reportedFailure = false;
        } catch (RuntimeException e) {
            if (!reportedFailure) {
                LOG.warn("cannot add this instance's counts to version_traffic, keeping them: {}", e.getMessage());
                reportedFailure = true;
            }
        }
    }

    /** Adds what was counted since the last flush to this instance's row of the minute; a failed write keeps it. */
    synchronized void flush() {
        Instant minute = clock.instant().truncatedTo(ChronoUnit.MINUTES);
        VersionTrafficDao dao = null;
        for (Map.Entry<String, VersionCounts> entry : counts.entrySet()) {
            VersionTrafficDao.Counts delta = entry.getValue().drain(entry.getKey(), minute, instanceId);
            if (delta == null) {
                continue;
            }
            try {
                if (dao == null) {
                    dao = database.get().onDemand(VersionTrafficDao.class);
                }
                dao.add(delta);
            } catch (RuntimeException e) {
                entry.getValue().restore(delta);
                throw e;
            }
        }
    }

    @Override
    public void close() {
        flusher.shutdown();
        comparer.shutdown();
        try {
            if (comparer.awaitTermination(5, TimeUnit.SECONDS) && countTraffic) {
                flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("version_traffic: the last counts were not written at shutdown: {}", e.getMessage());
        }
    }

    /** One version's counts on this instance since the last flush. */
    private static final class VersionCounts {
        final LongAdder answered = new LongAdder();
        final LongAdder failed = new LongAdder();
        final LongAdder compared = new LongAdder();
        final LongAdder agreed = new LongAdder();
        final LongAdder shadowFailed = new LongAdder();
        final LongAdder compareDropped = new LongAdder();

        /** What was counted, reset to zero; null when nothing was. */
        VersionTrafficDao.Counts drain(String version, Instant minute, String instanceId) {
            VersionTrafficDao.Counts delta = new VersionTrafficDao.Counts(
                    version,
                    minute,
                    instanceId,
                    answered.sumThenReset(),
                    failed.sumThenReset(),
                    compared.sumThenReset(),
                    agreed.sumThenReset(),
                    shadowFailed.sumThenReset(),
                    compareDropped.sumThenReset());
            boolean nothing = delta.answered()
                            + delta.failed()
                            + delta.compared()
                            + delta.agreed()
                            + delta.shadowFailed()
                            + delta.compareDropped()
                    == 0;
            return nothing ? null : delta;
        }

        void restore(VersionTrafficDao.Counts delta) {
            answered.add(delta.answered());
            failed.add(delta.failed());
            compared.add(delta.compared());
            agreed.add(delta.agreed());
            shadowFailed.add(delta.shadowFailed());
            compareDropped.add(delta.compareDropped());
        }
    }
}
