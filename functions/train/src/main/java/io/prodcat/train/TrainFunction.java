package io.prodcat.train;

import io.prodcat.events.DatasetUploaded;
import io.prodcat.events.EventType;
import io.prodcat.function.CloudEvents;
import java.util.function.Function;
import org.springframework.messaging.Message;

/**
 * The CloudEvent function: {@code dataset.uploaded} in (binary or structured HTTP mode); {@code training.completed},
 * {@code training.failed} or {@code training.skipped} out. Only decodes and encodes; {@link TrainingJob} works.
 */
class TrainFunction implements Function<Message<byte[]>, Message<Object>> {

    private final TrainingJob job;
    private final CloudEvents events;

    TrainFunction(TrainingJob job, CloudEvents events) {
        this.job = job;
        this.events = events;
    }

    @Override
    public Message<Object> apply(Message<byte[]> message) {
        DatasetUploaded uploaded = events.receiveData(message, EventType.DATASET_UPLOADED, DatasetUploaded.class);
        return events.reply(job.run(uploaded).reply());
    }
}
