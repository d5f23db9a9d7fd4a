package io.prodcat.predict.serving;

import io.prodcat.function.support.RateLimited;
import io.prodcat.predict.DaemonThreads;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Where large batches are scored and written: a few threads of their own (one fewer than the cores, at least one),
 * with a short queue; past it, 429 with {@code Retry-After}. Single titles and small batches are answered on the
 * request's own thread and so never wait behind a large batch: under Java 21+ request threads are virtual, scheduled
 * on one carrier per core without preemption, and a large batch there would hold a carrier for its whole run.
 */
public class BatchLane implements AutoCloseable {

    /** Batches of at most this many texts are answered inline. */
    static final int INLINE_TEXTS = 16;

    private final ThreadPoolExecutor threads;

    BatchLane(int threadCount, int queued) {
        this.threads = new ThreadPoolExecutor(
                threadCount,
                threadCount,
                0,
                TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(queued),
                DaemonThreads.named("prodcat-batch-lane"));
    }

    /** As many lane threads as cores less one (at least one), and 16 batches waiting per thread. */
    public static BatchLane forThisMachine() {
        int threadCount = Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
        return new BatchLane(threadCount, 16 * threadCount);
    }

    /** {@code work}'s result, computed here for small batches and on the lane for large ones. */
    public <T> T answer(int texts, Supplier<T> work) {
        if (texts <= INLINE_TEXTS) {
            return work.get();
        }
        Future<T> result;
        try {
            result = threads.submit(work::get);
        } catch (RejectedExecutionException full) {
            throw new RateLimited("too many large batches are waiting; send it again shortly", Duration.ofSeconds(1));
        }
        try {
            return result.get();
        } catch (InterruptedException e) {
            result.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the batch was scored", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
