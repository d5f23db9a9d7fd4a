package io.prodcat.predict;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.util.concurrent.ThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the calling thread under Linux's {@code SCHED_IDLE} policy: it runs on CPU time no other thread wants, and the
 * kernel preempts it as soon as any other thread wakes. A nice-19 thread is not preempted that way: Linux's EEVDF
 * scheduler (6.6 and later) lets it finish its protected slice, up to a few milliseconds, before a request thread that
 * woke meanwhile gets the core, which shows in predict's p99. Only an idle thread loses its slice protection at once.
 * Lowering one's own policy needs no privilege; the JVM has no option for it, hence the call through JNA.
 */
final class IdleSchedulingPolicy {

    private static final Logger LOG = LoggerFactory.getLogger(IdleSchedulingPolicy.class);
    /** {@code SCHED_IDLE} in Linux's {@code <sched.h>}. */
    private static final int SCHED_IDLE = 5;

    private IdleSchedulingPolicy() {}

    /** The C library's call, as Linux has it: pid 0 is the calling thread. */
    private interface CLibrary extends Library {
        int sched_setscheduler(int pid, int policy, int[] schedParam) throws LastErrorException;
    }

    /**
     * Daemon threads of the lowest Java priority, named {@code name}, that apply {@code SCHED_IDLE} to themselves
     * before their first task.
     */
    static ThreadFactory threadsNamed(String name) {
        return runnable -> {
            Thread thread = new Thread(
                    () -> {
                        applyToCurrentThread();
                        runnable.run();
                    },
                    name);
            thread.setDaemon(true);
            thread.setPriority(Thread.MIN_PRIORITY);
            return thread;
        };
    }

    /**
     * Applies {@code SCHED_IDLE} to the calling thread; elsewhere than on Linux, or when the call fails, the thread
     * keeps its priority (logged once per thread).
     *
     * @return whether the thread now runs under {@code SCHED_IDLE}
     */
    static boolean applyToCurrentThread() {
        String thread = Thread.currentThread().getName();
        if (!Platform.isLinux()) {
            LOG.info("{}: not on Linux, keeps its thread priority", thread);
            return false;
        }
        try {
            CLibrary library = Native.load(Platform.C_LIBRARY_NAME, CLibrary.class);
            library.sched_setscheduler(0, SCHED_IDLE, new int[] {0}); // struct sched_param { int sched_priority; }
            return true;
        } catch (LastErrorException | LinkageError e) {
            LOG.warn("{}: cannot run under SCHED_IDLE, keeps its thread priority: {}", thread, e.toString());
            return false;
        }
    }
}
