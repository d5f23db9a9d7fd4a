package io.prodcat.predict;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import org.junit.jupiter.api.Test;

/** A thread that applies the policy runs under Linux's SCHED_IDLE, as /proc shows it; other threads do not. */
class IdleSchedulingPolicyTest {

    /** SCHED_IDLE and SCHED_OTHER as field 41 of a thread's stat shows them. */
    private static final String SCHED_IDLE = "5";

    private static final String SCHED_OTHER = "0";

    @Test
    void theCallingThreadAndOnlyItRunsUnderSchedIdle() throws Exception {
        ThreadFactory threads = runnable -> new Thread(runnable, "idle-policy-test");
        var executor = Executors.newSingleThreadExecutor(threads);
        try {
            String[] applied = CompletableFuture.supplyAsync(
                            () -> new String[] {
                                Boolean.toString(IdleSchedulingPolicy.applyToCurrentThread()), ownPolicy()
                            },
                            executor)
                    .get();
            assertThat(applied).containsExactly("true", SCHED_IDLE);
            assertThat(ownPolicy()).as("the test's own thread").isEqualTo(SCHED_OTHER);
        } finally {
            executor.shutdownNow();
        }
    }

    /** The calling thread's scheduling policy, field 41 of /proc/thread-self/stat. */
    private static String ownPolicy() {
        try {
            String stat = Files.readString(Path.of("/proc/thread-self/stat"));
            // the fields after "pid (comm) " start with field 3
            return stat.substring(stat.lastIndexOf(')') + 2).split(" ")[41 - 3];
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
