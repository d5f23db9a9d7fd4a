package io.prodcat.demo;

import java.io.PrintWriter;

/** The demo's output: timestamped progress lines, and the report's plain lines, on one writer. */
final class Progress {

    private final PrintWriter out;
    private final long startNanos = System.nanoTime();

    Progress(PrintWriter out) {
        this.out = out;
    }

    /** {@code [  12.3s] line}, seconds since the demo started. */
    void line(String line) {
        synchronized (out) {
            out.printf("[%6.1fs] %s%n", (System.nanoTime() - startNanos) / 1e9, line);
            out.flush();
        }
    }

    /** The writer, for the report. */
    PrintWriter out() {
        return out;
    }
}
