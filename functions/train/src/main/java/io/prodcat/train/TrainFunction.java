package io.prodcat.train;

import io.prodcat.events.DatasetUploaded;
import io.prodcat.events.EventTypes;
import io.prodcat.events.IncomingEvent;
import java.net.URI;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.cloud.function.cloudevent.CloudEventMessageBuilder;
import org.springframework.cloud.function.cloudevent.CloudEventMessageUtils;
import org.springframework.messaging.Message;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The CloudEvent function: {@code dataset.uploaded} in (binary or structured HTTP mode), {@code training.completed}, {@code training.failed}
 * or {@code training.skipped} out, each reply with a new id and this function's own source. Only decodes and
 * encodes; {@link TrainingJob} does the work.
 */
class TrainFunction implements Function<Message<byte[]>, Message<Object>> {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final TrainingJob job;
    private final URI source;

    TrainFunction(TrainingJob job, URI source) {
        this.job = job;
        this.source = source;
    }

    @Override
    public Message<Object> apply(Message<byte[]> message) {
        IncomingEvent event;
        try {
            event = IncomingEvent.expect(EventTypes.DATASET_UPLOADED, message.getHeaders(), message.getPayload());
        } catch (IllegalArgumentException e) {
            throw new BadEvent(e.getMessage());
        }
        byte[] data = event.data();
        JobResult result = job.run(decode(data));
        return CloudEventMessageBuilder.withData(result.data())
                .setId(UUID.randomUUID().toString())
                .setSource(source)
                .setType(result.eventType())
                .setSubject(result.subject())
                .setDataContentType("application/json")
                .build(CloudEventMessageUtils.DEFAULT_ATTR_PREFIX);
    }

    private static DatasetUploaded decode(byte[] payload) {
        if (payload == null || payload.length == 0) {
            throw new BadEvent("dataset.uploaded needs data: {\"bucket\": …, \"key\": …}");
        }
        try {
            return JSON.readValue(payload, DatasetUploaded.class);
        } catch (JacksonException e) {
            Throwable cause = e.getCause() instanceof IllegalArgumentException invalid ? invalid : e;
            String reason = cause == e ? e.getOriginalMessage() : cause.getMessage();
            throw new BadEvent("bad dataset.uploaded data: " + reason);
        }
    }
}
