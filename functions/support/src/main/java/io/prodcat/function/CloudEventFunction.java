package io.prodcat.function;

import io.prodcat.events.EventData;
import io.prodcat.events.EventFormatException;
import io.prodcat.events.EventType;
import io.prodcat.events.IncomingEvent;
import io.prodcat.events.OutgoingEvent;
import java.util.function.Function;
import org.springframework.messaging.Message;

/**
 * The function Spring Cloud Function exposes at {@code POST /} for a function that takes one event type and answers
 * with a reply event: receiving, checking and answering happen here, the {@link Handler} only handles the event.
 */
public final class CloudEventFunction implements Function<Message<byte[]>, Message<Object>> {

    /** What a function does with an event it accepted. */
    @FunctionalInterface
    public interface Handler {

        /**
         * @return the reply's data (its record names the reply type)
         * @throws BadInput              when the event cannot be taken (never retried)
         * @throws DependencyUnavailable when a dependency is down (retried)
         * @throws EventFormatException  when the event's data does not fit its record (answered as bad input)
         */
        EventData handle(IncomingEvent event);
    }

    private final CloudEvents events;
    private final EventType accepted;
    private final Handler handler;

    public CloudEventFunction(CloudEvents events, EventType accepted, Handler handler) {
        this.events = events;
        this.accepted = accepted;
        this.handler = handler;
    }

    @Override
    public Message<Object> apply(Message<byte[]> message) {
        IncomingEvent event = events.receive(message, accepted);
        EventData reply;
        try {
            reply = handler.handle(event);
        } catch (EventFormatException e) {
            throw new BadInput(e.getMessage(), e);
        }
        return events.reply(OutgoingEvent.of(reply));
    }
}
