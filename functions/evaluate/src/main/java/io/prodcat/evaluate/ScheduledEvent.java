package io.prodcat.evaluate;

import io.prodcat.events.EventFormatException;
import io.prodcat.events.EventType;
import io.prodcat.events.IncomingEvent;
import io.prodcat.function.support.BadInput;
import org.springframework.http.HttpHeaders;

/** The event a scheduled route takes: Knative's PingSource's {@code dev.knative.sources.ping}, or its own type. */
public class ScheduledEvent {

    private ScheduledEvent() {}

    /** @throws BadInput for what is not a CloudEvent, or one of another type */
    public static IncomingEvent read(HttpHeaders headers, byte[] body, EventType ownType) {
        IncomingEvent event;
        try {
            event = IncomingEvent.of(headers.toSingleValueMap(), body);
        } catch (EventFormatException e) {
            throw new BadInput(e.getMessage(), e);
        }
        if (!EventType.PING.equals(event.type()) && !ownType.type().equals(event.type())) {
            throw new BadInput("expected a CloudEvent of type " + ownType.type() + " or " + EventType.PING + ", got "
                    + (event.type() == null ? "no ce-type" : "'" + event.type() + "'"));
        }
        return event;
    }
}
