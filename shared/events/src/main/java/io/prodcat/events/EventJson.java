package io.prodcat.events;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON mapping of event data. Fields a reader does not know are ignored (a newer writer may add some); a missing
 * number is an error (Jackson 3's default), and the records check their other required fields themselves.
 */
public final class EventJson {

    /**
     * What a reader takes from a sender it does not control: event data and MinIO's notification are small, flat
     * JSON, so anything deeper, longer or larger than this is refused before it is built up in memory.
     */
    static final StreamReadConstraints LIMITS = StreamReadConstraints.builder()
            .maxNestingDepth(32)
            .maxDocumentLength(1024 * 1024)
            .maxStringLength(64 * 1024)
            .maxNumberLength(64)
            .maxTokenCount(200_000)
            .build();

    private static final JsonMapper JSON = mapperBuilder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private EventJson() {}

    /**
     * @param what the event type's name, for the message
     * @throws EventFormatException when {@code data} is empty or not JSON of {@code type}'s shape
     */
    public static <T> T read(byte[] data, Class<T> type, String what) {
        if (data == null || data.length == 0) {
            throw new EventFormatException(what + " needs data (a JSON object)");
        }
        T read;
        try {
            read = JSON.readValue(data, type);
        } catch (JacksonException e) {
            // the record's own check says what is wrong; else where in the JSON (not how the parser put it)
            String reason = e.getCause() instanceof IllegalArgumentException invalid ? invalid.getMessage() : where(e);
            throw new EventFormatException("bad " + what + " data: " + reason, e);
        }
        if (read == null) {
            throw new EventFormatException(what + " needs data (a JSON object)");
        }
        return read;
    }

    private static String where(JacksonException e) {
        String field = e.getPath().stream()
                .map(step -> step.getPropertyName() != null ? step.getPropertyName() : "[" + step.getIndex() + "]")
                .collect(java.util.stream.Collectors.joining("."));
        if (!field.isEmpty()) {
            return "\"" + field + "\" is missing or has the wrong type or value";
        }
        return e.getLocation() != null && e.getLocation().getLineNr() > 0
                ? "not a JSON object of its fields (line " + e.getLocation().getLineNr() + ", column "
                        + e.getLocation().getColumnNr() + ")"
                : "not a JSON object of its fields";
    }

    /** A mapper builder whose parser enforces {@link #LIMITS}. */
    static JsonMapper.Builder mapperBuilder() {
        return JsonMapper.builder(
                JsonFactory.builder().streamReadConstraints(LIMITS).build());
    }

    public static byte[] write(Object data) {
        return JSON.writeValueAsBytes(data);
    }
}
