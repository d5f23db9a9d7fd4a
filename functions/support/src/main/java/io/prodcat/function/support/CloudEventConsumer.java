package io.prodcat.function.support;

import io.prodcat.events.EventType;
import java.util.function.Consumer;
import org.springframework.messaging.Message;

/**
 * The function Spring Cloud Function exposes at {@code POST /} for a function that takes one event type and answers
 * with no event (202): the data is decoded here into the type's record, the handler only acts on it.
 *
 * @param <T> the record of the accepted type's data
 */
public final class CloudEventConsumer<T> implements Consumer<Message<byte[]>> {

    private final CloudEvents events;
    private final EventType accepted;
    private final Class<T> dataClass;
    private final Consumer<T> handler;

    /** @param handler acts on the data; throws {@link BadInput} for data it cannot take (never retried) */
    public CloudEventConsumer(CloudEvents events, EventType accepted, Class<T> dataClass, Consumer<T> handler) {
        this.events = events;
        this.accepted = accepted;
        this.dataClass = dataClass;
        this.handler = handler;
    }

    @Override
    public void accept(Message<byte[]> message) {
        handler.accept(events.receiveData(message, accepted, dataClass));
    }
}
