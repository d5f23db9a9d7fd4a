package io.prodcat.train;

import io.prodcat.events.DatasetUploaded;
import io.prodcat.events.EventData;
import io.prodcat.events.IncomingEvent;
import io.prodcat.function.CloudEventFunction;

/**
 * {@code dataset.uploaded} in (binary or structured HTTP mode); {@code training.completed}, {@code training.failed} or
 * {@code training.skipped} out. {@link TrainingJob} does the work.
 */
record TrainFunction(TrainingJob job, DatasetLocations locations) implements CloudEventFunction.Handler {

    @Override
    public EventData handle(IncomingEvent event) {
        return job.run(event.data(DatasetUploaded.class), locations).event();
    }
}
