package io.prodcat.predict.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prodcat.function.support.BadInput;
import io.prodcat.function.support.RateLimited;
import io.prodcat.predict.PredictProperties;
import io.prodcat.predict.api.PredictRequest;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BatchLaneTest {

    @Test
    void aSmallBatchIsAnsweredOnTheCallersThreadALargeOneOnTheLane() {
        try (BatchLane lane = new BatchLane(1, 1)) {
            Thread caller = Thread.currentThread();
            assertThat(lane.answer(BatchLane.INLINE_TEXTS, Thread::currentThread))
                    .isSameAs(caller);
            assertThat(lane.answer(BatchLane.INLINE_TEXTS + 1, Thread::currentThread)
                            .getName())
                    .isEqualTo("prodcat-batch-lane");
        }
    }

    @Test
    void largeBatchesPastTheQueueAreRefusedWithRetryAfterAndTheOthersStillAnswered() throws Exception {
        try (BatchLane lane = new BatchLane(1, 1)) {
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch running = new CountDownLatch(1);
            CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> lane.answer(100, () -> {
                running.countDown();
                await(release);
                return "first";
            }));
            assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<String> queued = CompletableFuture.supplyAsync(() -> lane.answer(100, () -> "queued"));
            Thread.sleep(200); // the second is in the queue now

            assertThatThrownBy(() -> lane.answer(100, () -> "third"))
                    .isInstanceOf(RateLimited.class)
                    .satisfies(e -> assertThat(((RateLimited) e).retryAfter()).isEqualTo(Duration.ofSeconds(1)));
            assertThat(lane.answer(1, () -> "small"))
                    .as("a small batch does not queue")
                    .isEqualTo("small");

            release.countDown();
            assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("first");
            assertThat(queued.get(5, TimeUnit.SECONDS)).isEqualTo("queued");
        }
    }

    @Test
    void aFailureOnTheLaneReachesTheCallerAsItself() {
        try (BatchLane lane = new BatchLane(1, 1)) {
            assertThatThrownBy(() -> lane.answer(100, () -> {
                        throw new BadInput("bad title");
                    }))
                    .isInstanceOf(BadInput.class)
                    .hasMessage("bad title");
        }
    }

    @Test
    void aBatchAsksForAtMostTheCostBoundOfLabels() {
        PredictProperties.Api limits = new PredictProperties.Api(1000, 100, 10_000, 32, 64);
        List<String> thousand = Collections.nCopies(1000, "organic milk");
        new PredictRequest(null, thousand, 10, null).validate(limits);
        new PredictRequest(null, thousand.subList(0, 100), 100, null).validate(limits);

        assertThatThrownBy(() -> new PredictRequest(null, thousand, 11, null).validate(limits))
                .isInstanceOf(BadInput.class)
                .hasMessage("a request may ask for at most 10000 labels (texts × k), this one asks for 1000 × 11");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
