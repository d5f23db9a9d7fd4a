package io.prodcat.function;

import io.prodcat.events.EventData;
import io.prodcat.events.EventType;
import io.prodcat.events.IncomingEvent;
import io.prodcat.events.OutgoingEvent;
import java.util.function.Function;
import org.springframework.messaging.Message;

/**
 * A function that takes one event type and answers with a reply event: receiving, checking and answering happen here,
 * the subclass only handles the event. Spring Cloud Function exposes the bean at {@code POST /}.
 */
public abstract class CloudEventFunction implements Function<Message<byte[]>, Message<Object>> {

    private final CloudEvents events;
    private final EventType accepted;

    protected CloudEventFunction(CloudEvents events, EventType accepted) {
        this.events = events;
        this.accepted = accepted;
    }

    @Override
    public final Message<Object> apply(Message<byte[]> message) {
        return events.reply(OutgoingEvent.of(handle(events.receive(message, accepted))));
    }

    /**
     * @return the reply's data
     * @throws BadInput             when the event cannot be taken (never retried)
     * @throws DependencyUnavailable when a dependency is down (retried)
     */
    protected abstract EventData handle(IncomingEvent event);

    /** The event's data as {@code dataClass}; {@link BadInput} when it does not fit. */
    protected final <T> T data(IncomingEvent event, Class<T> dataClass) {
        return events.data(event, dataClass);
    }
}
