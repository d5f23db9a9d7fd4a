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
        try {
            return JSON.readValue(data, type);
        } catch (JacksonException e) {
            Throwable cause = e.getCause() instanceof IllegalArgumentException invalid ? invalid : e;
            String reason = cause == e ? e.getOriginalMessage() : cause.getMessage();
            throw new EventFormatException("bad " + what + " data: " + reason, e);
        }
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
