package io.prodcat.events;

/** A received event, or its data, does not have the form its type requires; the message says what is wrong. */
public class EventFormatException extends IllegalArgumentException {

    public EventFormatException(String message) {
        super(message);
    }

    public EventFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
