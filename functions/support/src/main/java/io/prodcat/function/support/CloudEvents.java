package io.prodcat.function.support;

import io.prodcat.events.EventFormatException;
import io.prodcat.events.EventType;
import io.prodcat.events.IncomingEvent;
import io.prodcat.events.OutgoingEvent;
import java.net.URI;
import java.util.UUID;
import org.springframework.cloud.function.cloudevent.CloudEventMessageBuilder;
import org.springframework.cloud.function.cloudevent.CloudEventMessageUtils;
import org.springframework.messaging.Message;

/**
 * Events in and out of a function, the same way in all three.
 *
 * <p>The functions take {@code Message<byte[]>} and decode here rather than let Spring Cloud Function convert to a
 * typed {@code Message<T>}: the record to decode into depends on the event's {@code dataschema} version (training.completed
 * v1 and v2 are different shapes), the {@code ce-type} must be checked before the data is read, and every
 * refusal must be a 400 problem with the reason, which a conversion failure inside the framework does not give.
 */
public class CloudEvents {

    private final URI source;

    /** @param source the {@code source} attribute of every event this function sends */
    public CloudEvents(URI source) {
        this.source = source;
    }

    /**
     * The event in {@code message} (binary or structured mode), checked to be of {@code expected} type in a version this
     * release reads.
     *
     * @throws BadInput saying why it is not
     */
    public IncomingEvent receive(Message<byte[]> message, EventType expected) {
        try {
            return IncomingEvent.expect(expected, message.getHeaders(), message.getPayload());
        } catch (EventFormatException e) {
            throw new BadInput(e.getMessage(), e);
        }
    }

    /**
     * The data of {@code message} as {@code expected}'s current record.
     *
     * @throws BadInput when it is not an event of that type, or its data does not fit the record
     */
    public <T> T receiveData(Message<byte[]> message, EventType expected, Class<T> dataClass) {
        return data(receive(message, expected), dataClass);
    }

    /** @throws BadInput when the event's data does not fit {@code dataClass} */
    private static <T> T data(IncomingEvent event, Class<T> dataClass) {
        try {
            return event.data(dataClass);
        } catch (EventFormatException e) {
            throw new BadInput(e.getMessage(), e);
        }
    }

    /**
     * The reply to send back to the Broker: a new id, this function's source, the type's current dataschema, the
     * event's subject when it has one.
     */
    public Message<Object> reply(OutgoingEvent event) {
        CloudEventMessageBuilder<Object> reply = CloudEventMessageBuilder.withData((Object) event.data())
                .setId(UUID.randomUUID().toString())
                .setSource(source)
                .setType(event.type().type())
                .setDataSchema(event.type().dataSchema())
                .setDataContentType("application/json");
        if (event.subject() != null) { // a refusal of an event whose data named nothing has no subject
            reply.setSubject(event.subject());
        }
        return reply.build(CloudEventMessageUtils.DEFAULT_ATTR_PREFIX);
    }

    public URI source() {
        return source;
    }
}
