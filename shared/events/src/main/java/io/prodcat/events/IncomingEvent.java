package io.prodcat.events;

import java.util.Locale;
import java.util.Map;

/**
 * A CloudEvent received over HTTP, in binary mode (attributes in {@code ce-*} headers, data in the body) or
 * structured mode ({@code application/cloudevents+json}). Framework-neutral: takes the headers as a map,
 * whatever the case of their names.
 *
 * @param data the event's data (JSON for prodcat's events), never null
 */
public record IncomingEvent(String id, String type, String source, String subject, byte[] data) {

    /** @throws IllegalArgumentException when a structured body is not a valid CloudEvent */
    public static IncomingEvent of(Map<String, ?> headers, byte[] body) {
        byte[] payload = body == null ? new byte[0] : body;
        String type = header(headers, "ce-type");
        if (type == null && StructuredEvent.isStructured(header(headers, "content-type"))) {
            StructuredEvent structured = StructuredEvent.parse(payload);
            return new IncomingEvent(structured.id(), structured.type(), structured.source(), structured.subject(),
                    structured.data());
        }
        return new IncomingEvent(header(headers, "ce-id"), type, header(headers, "ce-source"),
                header(headers, "ce-subject"), payload);
    }

    /**
     * Reads the event and checks its type.
     *
     * @throws IllegalArgumentException when the body is not a CloudEvent or its type is not {@code expectedType}
     */
    public static IncomingEvent expect(String expectedType, Map<String, ?> headers, byte[] body) {
        IncomingEvent event = of(headers, body);
        if (!expectedType.equals(event.type())) {
            throw new IllegalArgumentException("expected a CloudEvent of type " + expectedType + ", got "
                    + (event.type() == null ? "no ce-type" : "'" + event.type() + "'"));
        }
        return event;
    }

    /** A header by name, ignoring case and the separator ("ce-type", "ce_type", "Content-Type", "contentType"). */
    private static String header(Map<String, ?> headers, String name) {
        String wanted = name.replace("-", "").toLowerCase(Locale.ROOT);
        for (Map.Entry<String, ?> header : headers.entrySet()) {
            String key = header.getKey().replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
            if (key.equals(wanted) && header.getValue() != null) {
                return header.getValue().toString();
            }
        }
        return null;
    }
}
