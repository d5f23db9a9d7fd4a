package io.prodcat.events;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.format.EventDeserializationException;
import io.cloudevents.core.provider.EventFormatProvider;
import io.cloudevents.jackson.JsonFormat;

/**
 * A CloudEvent sent in structured HTTP mode ({@code Content-Type: application/cloudevents+json}): the whole
 * event, attributes and data, is the JSON body. Read with the CloudEvents SDK's JSON format.
 *
 * @param dataSchema the {@code dataschema} attribute, null when absent
 * @param data the event's data as bytes (JSON for prodcat's events); empty when it has none
 */
public record StructuredEvent(String id, String type, String source, String subject, String dataSchema, byte[] data) {

    public static boolean isStructured(String contentType) {
        return contentType != null
                && contentType.toLowerCase(java.util.Locale.ROOT).startsWith(JsonFormat.CONTENT_TYPE);
    }

    /** @throws EventFormatException when the body is not a valid structured CloudEvent */
    public static StructuredEvent parse(byte[] body) {
        CloudEvent event;
        try {
            event = EventFormatProvider.getInstance()
                    .resolveFormat(JsonFormat.CONTENT_TYPE)
                    .deserialize(body);
        } catch (EventDeserializationException | IllegalStateException e) {
            throw new EventFormatException("not a structured CloudEvent: " + e.getMessage(), e);
        }
        return new StructuredEvent(
                event.getId(),
                event.getType(),
                event.getSource().toString(),
                event.getSubject(),
                event.getDataSchema() == null ? null : event.getDataSchema().toString(),
                event.getData() == null ? new byte[0] : event.getData().toBytes());
    }
}
