package io.prodcat.predict;

import java.util.concurrent.ThreadFactory;

/** The one way predict makes its background threads: daemons (they never hold the JVM up), named for thread dumps. */
public class DaemonThreads {

    private DaemonThreads() {}

    /** Daemon threads named {@code name}. */
    public static ThreadFactory named(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Daemon threads named {@code name} at the lowest Java priority (the container maps it to nice 19). */
    public static ThreadFactory lowestPriority(String name) {
        ThreadFactory named = named(name);
        return runnable -> {
            Thread thread = named.newThread(runnable);
            thread.setPriority(Thread.MIN_PRIORITY);
            return thread;
        };
    }
}
