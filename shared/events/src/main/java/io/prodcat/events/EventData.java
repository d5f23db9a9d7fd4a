package io.prodcat.events;

/**
 * The data of one of prodcat's event types. Its class names the type ({@link EventType#of(EventData)}), and it says what
 * the event is about: the CloudEvent {@code subject} (a dataset URI for train's events, a training id for evaluate's).
 */
public interface EventData {

    /** The CloudEvent {@code subject} of an event carrying this data. */
    String subject();
}
