package io.prodcat.train;

import io.prodcat.events.DatasetUploaded;
import io.prodcat.events.EventData;
import io.prodcat.events.IncomingEvent;
import io.prodcat.events.TrainingFailed;
import io.prodcat.function.support.BadInput;
import io.prodcat.function.support.CloudEventFunction;

/**
 * {@code dataset.uploaded} in (binary or structured HTTP mode); {@code training.completed}, {@code training.failed} or
 * {@code training.skipped} out. {@link TrainingJob} does the work.
 */
record TrainFunction(TrainingJob job, DatasetLocations locations) implements CloudEventFunction.Handler {

    @Override
    public EventData handle(IncomingEvent event) {
        return job.run(event.data(DatasetUploaded.class), locations).event();
    }

    /** An event whose data is not a usable {@code dataset.uploaded}: nothing was read, no ledger row was written. */
    @Override
    public EventData refused(IncomingEvent event, BadInput reason) {
        return new TrainingFailed(null, event.subject(), null, "NONE", reason.getMessage());
    }
}
