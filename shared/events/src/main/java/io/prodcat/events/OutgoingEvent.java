package io.prodcat.events;

/**
 * An event a function answers or sends: its type and data, the data being the type's current record.
 *
 * @param type the type, always the one whose record {@code data} is
 */
public record OutgoingEvent(EventType type, EventData data) {

    /** @throws IllegalArgumentException when {@code data} is not {@code type}'s record */
    public OutgoingEvent {
        if (!type.dataClass().isInstance(data)) {
            throw new IllegalArgumentException(
                    type.type() + " carries " + type.dataClass().getSimpleName() + ", not "
                            + (data == null ? "null" : data.getClass().getSimpleName()));
        }
    }

    /** The event carrying {@code data}, of the type whose record it is. */
    public static OutgoingEvent of(EventData data) {
        return new OutgoingEvent(EventType.of(data), data);
    }

    /** What the event is about: the CloudEvent {@code subject}. */
    public String subject() {
        return data.subject();
    }
}
