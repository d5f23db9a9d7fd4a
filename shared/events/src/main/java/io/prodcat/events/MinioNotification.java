package io.prodcat.events;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The body MinIO's webhook target POSTs: {@code {"EventName", "Key", "Records": [S3 event records]}}.
 * Object keys arrive URL-encoded (MinIO escapes them like a query string) and are decoded here.
 *
 * @param eventName e.g. {@code s3:ObjectCreated:Put}
 * @param records   one entry per object
 */
public record MinioNotification(String eventName, List<ObjectEvent> records) {

    private static final JsonMapper JSON = EventJson.mapperBuilder().build();

    /**
     * One record.
     *
     * @param eventName e.g. {@code s3:ObjectCreated:Put}
     * @param sizeBytes -1 when the record has none (deletions)
     * @param eTag      null when the record has none
     */
    public record ObjectEvent(String eventName, String bucket, String key, long sizeBytes, String eTag) {

        public boolean isObjectCreated() {
            return eventName.startsWith("s3:ObjectCreated:");
        }
    }

    /** @throws EventFormatException saying what is missing or malformed */
    public static MinioNotification parse(byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JacksonException e) {
            throw new EventFormatException("body is not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new EventFormatException("body must be a JSON object with EventName and Records");
        }
        JsonNode records = root.path("Records");
        if (!records.isArray() || records.isEmpty()) {
            throw new EventFormatException("no Records array: not a MinIO bucket notification");
        }
        List<ObjectEvent> events = new ArrayList<>();
        for (JsonNode record : records) {
            events.add(new ObjectEvent(
                    required(record.path("eventName"), "Records[].eventName"),
                    required(record.path("s3").path("bucket").path("name"), "Records[].s3.bucket.name"),
                    URLDecoder.decode(
                            required(record.path("s3").path("object").path("key"), "Records[].s3.object.key"),
                            StandardCharsets.UTF_8),
                    record.path("s3").path("object").path("size").asLong(-1),
                    record.path("s3").path("object").path("eTag").isString()
                            ? record.path("s3").path("object").path("eTag").asString()
                            : null));
        }
        String eventName = root.path("EventName").isString()
                ? root.path("EventName").asString()
                : events.get(0).eventName();
        return new MinioNotification(eventName, List.copyOf(events));
    }

    private static String required(JsonNode node, String name) {
        if (!node.isString() || node.asString().isBlank()) {
            throw new EventFormatException("missing " + name);
        }
        return node.asString();
    }
}
