package io.prodcat.function.support;

import io.prodcat.adapters.storage.ObjectNotFoundException;
import io.prodcat.adapters.storage.StorageException;
import io.prodcat.adapters.tracking.TrackingException;
import io.prodcat.events.EventFormatException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import org.jdbi.v3.core.JdbiException;

/**
 * The three ways a call fails, and what its caller is told (docs/OPERATIONS.md "Failure classes" has the same table).
 *
 * <table>
 *   <tr><th>class</th><th>HTTP call</th><th>event</th><th>ledger</th></tr>
 *   <tr><td>{@link #BAD_INPUT}</td><td>400</td><td>the function's {@code *.failed} reply, 2xx: never retried</td>
 *       <td>FAILED</td></tr>
 *   <tr><td>{@link #DEPENDENCY_DOWN}</td><td>503</td><td>503: the Broker retries</td><td>INTERRUPTED</td></tr>
 *   <tr><td>{@link #BUG}</td><td>500 with a correlation id, stack trace in the log</td><td>500: retried, then the
 *       dead letter</td><td>INTERRUPTED</td></tr>
 * </table>
 *
 * Running out of memory is not a class of its own: train and evaluate refuse what does not fit before loading it and
 * answer an {@link OutOfMemoryError} like bad input (the data is too large for this instance; the reason says so).
 */
public enum FailureClass {
    /** The input cannot be taken, now or on a retry. */
    BAD_INPUT,
    /** S3, MLflow, the database or the event sink is down or answers with an error: a retry may succeed. */
    DEPENDENCY_DOWN,
    /** Anything else: a defect of ours. */
    BUG;

    /**
     * The class of {@code failure}: the first of its causes, outermost first, that names one. The engine's own
     * refusals (a dataset or model file it cannot read) are caught where they are thrown and answered as bad input
     * there: this module does not see the engine.
     */
    public static FailureClass of(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BadInput
                    || cause instanceof EventFormatException
                    || cause instanceof ObjectNotFoundException) { // the object an input names is not there
                return BAD_INPUT;
            }
            if (cause instanceof DependencyUnavailable
                    || cause instanceof StorageException
                    || cause instanceof TrackingException
                    || cause instanceof JdbiException
                    || cause instanceof SQLException
                    || cause instanceof IOException
                    || cause instanceof UncheckedIOException) {
                return DEPENDENCY_DOWN;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return BUG;
    }
}
