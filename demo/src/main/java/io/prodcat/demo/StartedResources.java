package io.prodcat.demo;

import java.io.PrintWriter;
import java.util.ArrayDeque;
import java.util.Deque;

/** What a demo run started (servers, processes, pools), stopped in reverse order. */
final class StartedResources implements AutoCloseable {

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final PrintWriter out;

    StartedResources(PrintWriter out) {
        this.out = out;
    }

    <T extends AutoCloseable> T add(T resource) {
        synchronized (started) {
            started.push(resource);
        }
        return resource;
    }

    @Override
    public void close() {
        while (true) {
            AutoCloseable next;
            synchronized (started) {
                if (started.isEmpty()) {
                    break;
                }
                next = started.pop();
            }
            try {
                next.close();
            } catch (Exception e) {
                out.println("demo: while stopping: " + e.getMessage());
            }
        }
        out.flush();
    }
}
