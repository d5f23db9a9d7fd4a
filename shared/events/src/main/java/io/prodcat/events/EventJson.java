package io.prodcat.events;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON mapping of event data. Fields a reader does not know are ignored (a newer writer may add some); a missing
 * number is an error (Jackson 3's default), and the records check their other required fields themselves.
 */
public final class EventJson {

    private static final JsonMapper JSON = JsonMapper.builder()
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

    public static byte[] write(Object data) {
        return JSON.writeValueAsBytes(data);
    }
}
