package io.prodcat.train;

import io.prodcat.events.DatasetUploaded;
import io.prodcat.events.EventData;
import io.prodcat.events.EventType;
import io.prodcat.events.IncomingEvent;
import io.prodcat.function.CloudEventFunction;
import io.prodcat.function.CloudEvents;

/**
 * The CloudEvent function: {@code dataset.uploaded} in (binary or structured HTTP mode); {@code training.completed},
 * {@code training.failed} or {@code training.skipped} out. {@link TrainingJob} does the work.
 */
class TrainFunction extends CloudEventFunction {

    private final TrainingJob job;

    TrainFunction(TrainingJob job, CloudEvents events) {
        super(events, EventType.DATASET_UPLOADED);
        this.job = job;
    }

    @Override
    protected EventData handle(IncomingEvent event) {
        return job.run(data(event, DatasetUploaded.class)).event();
    }
}
