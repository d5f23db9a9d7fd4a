package io.prodcat.events;

import java.util.Locale;
import java.util.Map;

/**
 * A CloudEvent received over HTTP, in binary mode (attributes in {@code ce-*} headers, data in the body) or
 * structured mode ({@code application/cloudevents+json}). Framework-neutral: takes the headers as a map,
 * whatever the case of their names.
 *
 * @param dataSchema the {@code dataschema} attribute (the data's version), null when absent
 * @param data       the event's data (JSON for prodcat's events), never null
 */
public record IncomingEvent(String id, String type, String source, String subject, String dataSchema, byte[] data) {

    /** @throws EventFormatException when a structured body is not a valid CloudEvent */
    public static IncomingEvent of(Map<String, ?> headers, byte[] body) {
        byte[] payload = body == null ? new byte[0] : body;
        String type = header(headers, "ce-type");
        if (type == null && StructuredEvent.isStructured(header(headers, "content-type"))) {
            StructuredEvent structured = StructuredEvent.parse(payload);
            return new IncomingEvent(
                    structured.id(),
                    structured.type(),
                    structured.source(),
                    structured.subject(),
                    structured.dataSchema(),
                    structured.data());
        }
        if (type != null) { // binary mode: the attributes every CloudEvent has
            if (!"1.0".equals(header(headers, "ce-specversion"))) {
                throw new EventFormatException("ce-specversion must be 1.0, got "
                        + (header(headers, "ce-specversion") == null ? "none" : "another"));
            }
            for (String required : new String[] {"ce-id", "ce-source"}) {
                String value = header(headers, required);
                if (value == null || value.isBlank()) {
                    throw new EventFormatException("a binary-mode CloudEvent needs " + required);
                }
            }
        }
        return new IncomingEvent(
                header(headers, "ce-id"),
                type,
                header(headers, "ce-source"),
                header(headers, "ce-subject"),
                header(headers, "ce-dataschema"),
                payload);
    }

    /**
     * Reads the event and checks its type and that this release reads its data's version.
     *
     * @throws EventFormatException when the body is not a CloudEvent, its type is not {@code expected}, or its
     *                              {@code dataschema} names a version this release does not read
     */
    public static IncomingEvent expect(EventType expected, Map<String, ?> headers, byte[] body) {
        IncomingEvent event = of(headers, body);
        if (!expected.type().equals(event.type())) {
            throw new EventFormatException("expected a CloudEvent of type " + expected.type() + ", got "
                    + (event.type() == null ? "no ce-type" : "'" + event.type() + "'"));
        }
        int version = expected.versionOf(event.dataSchema());
        if (!expected.reads(version)) {
            throw new EventFormatException(expected.type() + " data version " + version + " is not read by this "
                    + "release (it writes version " + expected.version() + ")");
        }
        return event;
    }

    /** The data's version, from {@code dataschema} (1 when absent). */
    public int dataVersion() {
        return EventType.of(type).map(known -> known.versionOf(dataSchema)).orElse(1);
    }

    /** @throws EventFormatException when the data is not JSON of {@code dataClass}'s shape */
    public <T> T data(Class<T> dataClass) {
        return EventJson.read(data, dataClass, type);
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
