package io.prodcat.function;

import io.prodcat.events.EventType;
import java.util.function.Consumer;
import org.springframework.messaging.Message;

/**
 * A function that takes one event type and answers with no event (202): the data is decoded here into the type's
 * record, the subclass only acts on it. Spring Cloud Function exposes the bean at {@code POST /}.
 *
 * @param <T> the record of the accepted type's data
 */
public abstract class CloudEventConsumer<T> implements Consumer<Message<byte[]>> {

    private final CloudEvents events;
    private final EventType accepted;
    private final Class<T> dataClass;

    protected CloudEventConsumer(CloudEvents events, EventType accepted, Class<T> dataClass) {
        this.events = events;
        this.accepted = accepted;
        this.dataClass = dataClass;
    }

    @Override
    public final void accept(Message<byte[]> message) {
        handle(events.receiveData(message, accepted, dataClass));
    }

    /** @throws BadInput when the data cannot be taken (never retried) */
    protected abstract void handle(T data);
}
