package io.prodcat.predict.log;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.prodcat.adapters.persistence.PredictionLogDao;
import io.prodcat.adapters.persistence.PredictionLogRow;
import io.prodcat.function.support.TokenDigest;
import io.prodcat.predict.DaemonThreads;
import io.prodcat.predict.PredictProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sample of predict's answers, for the drift check ({@code prediction_log}). A request only offers its row to a
 * bounded in-memory buffer and goes on; one background thread writes the buffer in batches. What does not fit
 * (the database is down or slower than the traffic) is dropped and counted ({@code prodcat_prediction_log_rows_total
 * {outcome="dropped"}}), never waited for. Rows older than the retention are deleted as it goes.
 */
public class PredictionLog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PredictionLog.class);
    private static final int DELETE_CHUNK = 10_000;

    private final Supplier<Jdbi> database;
    private final PredictProperties.PredictionLog settings;
    private final Clock clock;
    /**
     * The buffer between requests and the writer, lock-free on both sides: the writer runs at the lowest priority,
     * and a lock it held when preempted (an ArrayBlockingQueue's, while draining) would hold up every request that
     * offers a row until the writer next got the CPU, a priority inversion. Bounded by {@link #buffered}.
     */
    private final Queue<Answer> buffer = new ConcurrentLinkedQueue<>();

    private final AtomicInteger buffered = new AtomicInteger();
    private final int capacity;
    private final List<PredictionLogRow> unwritten = new ArrayList<>();
    /**
     * The writer yields the CPU to requests: its Java priority is the lowest, which the container's JVM options
     * ({@code -XX:ThreadPriorityPolicy=1 -XX:JavaPriority1_To_OSPriority=19}, container/jvm-flags) make Linux's nice 19.
     */
    private final ScheduledExecutorService writer =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.lowestPriority("prediction-log-writer"));

    private final Counter written;
    private final Counter dropped;
    private Instant nextRetentionSweep = Instant.MIN;
    private volatile boolean reportedFailure;
    /** The share of answers sampled now: the configured one unless {@link #sample(double)} changed it. */
    private volatile double sample;

    public PredictionLog(
            Supplier<Jdbi> database, PredictProperties.PredictionLog settings, MeterRegistry meters, Clock clock) {
        this.database = database;
        this.settings = settings;
        this.clock = clock;
        this.sample = settings.sample();
        this.capacity = Math.max(1, settings.bufferRows());
        this.written = rowCounter(meters, "written");
        this.dropped = rowCounter(meters, "dropped");
        Gauge.builder("prodcat.prediction.log.buffered", buffered, AtomicInteger::get)
                .description("answers waiting in memory to be written to prediction_log")
                .register(meters);
        if (enabled()) {
            long every = Math.max(10, settings.flushInterval().toMillis());
            writer.scheduleWithFixedDelay(this::writeQuietly, every, every, TimeUnit.MILLISECONDS);
        }
    }

    private static Counter rowCounter(MeterRegistry meters, String outcome) {
        return Counter.builder("prodcat.prediction.log.rows")
                .description("sampled answers written to prediction_log, or dropped because the buffer was full")
                .tag("outcome", outcome)
                .register(meters);
    }

    /** Whether the log was configured on: only then does a writer run. */
    boolean enabled() {
        return settings.sample() > 0;
    }

    /**
     * Samples this share of answers from now on ({@code 0}: none; what is buffered is still written). For a log
     * configured on: the cost benchmark times it on and off in one JVM, so that both arms share the JIT's code.
     */
    public void sample(double share) {
        sample = share;
    }

    /** One answer as the request thread leaves it; the writer hashes the text, off the request path. */
    private record Answer(
            Instant at,
            String modelVersion,
            String text,
            String label,
            double probability,
            String topLabel,
            Double topProbability) {

        PredictionLogRow toRow(boolean keepText) {
            return new PredictionLogRow(
                    at,
                    modelVersion,
                    label,
                    probability,
                    topLabel,
                    topProbability,
                    text.length(),
                    textHash(text),
                    keepText ? text : null);
        }
    }

    /** Offers one answer (when sampled); never blocks. */
    public void record(
            String modelVersion, String text, String label, double probability, String topLabel, Double topProb) {
        double share = sample;
        if (share <= 0 || (share < 1 && ThreadLocalRandom.current().nextDouble() >= share)) {
            return;
        }
        if (buffered.incrementAndGet() > capacity) {
            buffered.decrementAndGet();
            dropped.increment();
            return;
        }
        buffer.offer(new Answer(clock.instant(), modelVersion, text, label, probability, topLabel, topProb));
    }

    /** First 8 bytes of the SHA-256 of the text, hex: the same title gives the same hash, the text is not kept. */
    public static String textHash(String text) {
        return HexFormat.of().formatHex(TokenDigest.sha256(text), 0, 8);
    }

    private void writeQuietly() {
        try {
            writeBuffered();
        } catch (RuntimeException e) {
            if (!reportedFailure) {
                LOG.warn(
                        "prediction log: cannot write to the database, keeping what fits in memory: {}",
                        e.getMessage());
                reportedFailure = true;
            }
        }
    }

    /**
     * Writes what is buffered, in batches; a batch the database refused is kept and tried again first (the buffer
     * keeps filling meanwhile and drops what does not fit).
     */
    public synchronized void writeBuffered() {
        Jdbi jdbi = database.get();
        while (true) {
            if (unwritten.isEmpty()) {
                int batch = Math.max(1, settings.batchRows());
                for (Answer answer; unwritten.size() < batch && (answer = buffer.poll()) != null; ) {
                    buffered.decrementAndGet();
                    unwritten.add(answer.toRow(settings.texts()));
                }
            }
            if (unwritten.isEmpty()) {
                break;
            }
            PredictionLogDao.insert(jdbi, unwritten);
            written.increment(unwritten.size());
            unwritten.clear();
            reportedFailure = false;
        }
        sweepOldRows(jdbi);
    }

    private void sweepOldRows(Jdbi jdbi) {
        Instant now = clock.instant();
        if (now.isBefore(nextRetentionSweep)) {
            return;
        }
        PredictionLogDao dao = jdbi.onDemand(PredictionLogDao.class); // every 10 minutes: not worth keeping
        Instant before = now.minus(settings.retention());
        int deleted;
        do {
            deleted = dao.deleteOlderThan(before, DELETE_CHUNK);
        } while (deleted == DELETE_CHUNK);
        nextRetentionSweep = now.plus(Duration.ofMinutes(10));
    }

    @Override
    public void close() {
        writer.shutdown();
        try {
            if (writer.awaitTermination(5, TimeUnit.SECONDS) && enabled()) {
                writeBuffered(); // what is left at shutdown, once
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("prediction log: {} answers not written at shutdown: {}", buffered.get(), e.getMessage());
        }
    }
}
