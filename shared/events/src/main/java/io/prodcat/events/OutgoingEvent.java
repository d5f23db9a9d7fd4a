package io.prodcat.events;

/**
 * An event a function answers or sends: its type, subject and data. The data must be the type's current record, so
 * a reply cannot carry another type's payload.
 *
 * @param subject what the event is about (a dataset URI, a training id), for routing and people
 */
public record OutgoingEvent(EventType type, String subject, Record data) {

    /** @throws IllegalArgumentException when {@code data} is not {@code type}'s record */
    public OutgoingEvent {
        if (!type.dataClass().isInstance(data)) {
            throw new IllegalArgumentException(type.type() + " carries " + type.dataClass().getSimpleName()
                    + ", not " + (data == null ? "null" : data.getClass().getSimpleName()));
        }
    }
}
