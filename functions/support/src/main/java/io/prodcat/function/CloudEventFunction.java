package io.prodcat.function;

import io.prodcat.events.EventData;
import io.prodcat.events.EventType;
import io.prodcat.events.IncomingEvent;
import io.prodcat.events.OutgoingEvent;
import java.util.function.Function;
import org.springframework.messaging.Message;

/**
 * The function Spring Cloud Function exposes at {@code POST /} for a function that takes one event type and answers
 * with a reply event: receiving, checking and answering happen here, the {@link Handler} only handles the event.
 * A request that is not a CloudEvent of that type is 400; an event whose content cannot be taken gets the handler's
 * {@code *.failed} reply with 2xx (see {@link FailureClass}).
 */
public final class CloudEventFunction implements Function<Message<byte[]>, Message<Object>> {

    /** What a function does with an event it accepted. */
    public interface Handler {

        /**
         * @return the reply's data (its record names the reply type)
         * @throws BadInput              when the event cannot be taken (answered by {@link #refused})
         * @throws DependencyUnavailable when a dependency is down (503, retried)
         * @throws io.prodcat.events.EventFormatException when the event's data does not fit its record (answered by {@link #refused})
         */
        EventData handle(IncomingEvent event);

        /**
         * The reply to an event of the accepted type whose content cannot be taken ({@link FailureClass#BAD_INPUT}):
         * the function's {@code *.failed} event, sent with 2xx so that the Broker does not retry what cannot succeed.
         */
        EventData refused(IncomingEvent event, BadInput reason);
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
        IncomingEvent event = events.receive(message, accepted); // not a CloudEvent of this type: 400
        EventData reply;
        try {
            reply = handler.handle(event);
        } catch (RuntimeException e) {
            if (FailureClass.of(e) != FailureClass.BAD_INPUT) {
                throw e; // 503 or 500: retried by the Broker
            }
            reply = handler.refused(event, e instanceof BadInput bad ? bad : new BadInput(e.getMessage(), e));
        }
        return events.reply(OutgoingEvent.of(reply));
    }
}
