package io.prodcat.events;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A bucket notification as an S3 server POSTs it: AWS's envelope {@code {"Records": [S3 event records]}} (AWS S3,
 * Versity Gateway), or MinIO's, which adds {@code EventName} and {@code Key} around the same records. A test event
 * ({@code {"Event": "s3:TestEvent", …}}, sent when notifications are set up) has no records.
 *
 * <p>Keys arrive URL-encoded from MinIO and AWS ({@code +} for a space) and as they are from Versity, so a record
 * offers both readings ({@link ObjectEvent#keyReadings()}); the decoded one is {@link ObjectEvent#key()}.
 *
 * @param eventName e.g. {@code s3:ObjectCreated:Put}; {@code s3:TestEvent} for a test event
 * @param records   one entry per object; empty for a test event
 */
public record BucketNotification(String eventName, List<ObjectEvent> records) {

    public static final String TEST_EVENT = "s3:TestEvent";

    private static final JsonMapper JSON = EventJson.mapperBuilder().build();

    /**
     * One record.
     *
     * @param eventName e.g. {@code s3:ObjectCreated:Put}, {@code s3:ObjectCreated:CompleteMultipartUpload}
     * @param key       the key URL-decoded
     * @param rawKey    the key as the record holds it
     * @param sizeBytes -1 when the record states none (deletions; Versity states 0 for multipart uploads)
     * @param eTag      without surrounding quotes; null when the record has none
     */
    public record ObjectEvent(String eventName, String bucket, String key, String rawKey, long sizeBytes, String eTag) {

        public boolean isObjectCreated() {
            return eventName.startsWith("s3:ObjectCreated:");
        }

        /** The key decoded, then as sent when that differs: which one an emitter meant, only the store can tell. */
        public List<String> keyReadings() {
            return key.equals(rawKey) ? List.of(key) : List.of(key, rawKey);
        }
    }

    /** Whether this is the emitter's test event (nothing to do but acknowledge it). */
    public boolean isTest() {
        return TEST_EVENT.equals(eventName) && records.isEmpty();
    }

    /** @throws EventFormatException saying what is missing or malformed */
    public static BucketNotification parse(byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JacksonException e) {
            throw new EventFormatException("body is not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new EventFormatException("body must be a JSON object with Records");
        }
        JsonNode records = root.path("Records");
        if (records.isMissingNode() && TEST_EVENT.equals(root.path("Event").asString(""))) {
            return new BucketNotification(TEST_EVENT, List.of());
        }
        if (!records.isArray() || records.isEmpty()) {
            throw new EventFormatException("no Records array: not an S3 bucket notification");
        }
        List<ObjectEvent> events = new ArrayList<>();
        for (JsonNode record : records) {
            JsonNode object = record.path("s3").path("object");
            String rawKey = required(object.path("key"), "Records[].s3.object.key");
            long size = object.path("size").asLong(-1);
            events.add(new ObjectEvent(
                    required(record.path("eventName"), "Records[].eventName"),
                    required(record.path("s3").path("bucket").path("name"), "Records[].s3.bucket.name"),
                    decoded(rawKey),
                    rawKey,
                    size > 0 ? size : -1,
                    object.path("eTag").isString()
                            ? unquoted(object.path("eTag").asString())
                            : null));
        }
        String eventName = root.path("EventName").isString()
                ? root.path("EventName").asString()
                : events.get(0).eventName();
        return new BucketNotification(eventName, List.copyOf(events));
    }

    /** The key URL-decoded; as it is when it cannot be (Versity sends keys raw, and "100%.csv" is a key). */
    private static String decoded(String rawKey) {
        try {
            return URLDecoder.decode(rawKey, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return rawKey;
        }
    }

    /** S3 servers differ: MinIO and AWS send the ETag bare, Versity in quotes as in an HTTP header. */
    static String unquoted(String eTag) {
        return eTag.length() >= 2 && eTag.startsWith("\"") && eTag.endsWith("\"")
                ? eTag.substring(1, eTag.length() - 1)
                : eTag;
    }

    private static String required(JsonNode node, String name) {
        if (!node.isString() || node.asString().isBlank()) {
            throw new EventFormatException("missing " + name);
        }
        return node.asString();
    }
}
