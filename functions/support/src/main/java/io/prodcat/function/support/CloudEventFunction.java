package io.prodcat.function.support;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.prodcat.events.EventData;
import io.prodcat.events.EventType;
import io.prodcat.events.IncomingEvent;
import io.prodcat.events.OutgoingEvent;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.messaging.Message;

/**
 * The function Spring Cloud Function exposes at {@code POST /} for a function that takes one event type and answers
 * with a reply event: receiving, checking and answering happen here, the {@link Handler} only handles the event.
 * A request that is not a CloudEvent of that type is 400; an event whose content cannot be taken gets the handler's
 * {@code *.failed} reply with 2xx (see {@link FailureClass}). Each handled event is timed as
 * {@code prodcat_event_handling_seconds{event, outcome}}: the outcome is the reply's type ({@code training.completed},
 * {@code training.skipped}, …) or the failure class of an event that is retried ({@code dependency_down},
 * {@code bug}). With direct wiring ({@link EventRoutes}) a reply of a routed type is also posted to the next function.
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
    private final MeterRegistry meters;
    private final EventSink forwarding;

    /** @param forwarding posts replies of a directly wired type ({@link EventRoutes}) to the next function */
    public CloudEventFunction(
            CloudEvents events, EventType accepted, Handler handler, MeterRegistry meters, EventSink forwarding) {
        this.events = events;
        this.accepted = accepted;
        this.handler = handler;
        this.meters = meters;
        this.forwarding = forwarding;
    }

    @Override
    public Message<Object> apply(Message<byte[]> message) {
        IncomingEvent event = events.receive(message, accepted); // not a CloudEvent of this type: 400
        Timer.Sample timing = Timer.start(meters);
        EventData reply;
        try {
            reply = handler.handle(event);
        } catch (RuntimeException e) {
            FailureClass failure = FailureClass.of(e);
            if (failure != FailureClass.BAD_INPUT) {
                timing.stop(timer(failure.name().toLowerCase(Locale.ROOT)));
                throw e; // 503 or 500: retried by the Broker
            }
            reply = handler.refused(event, e instanceof BadInput bad ? bad : new BadInput(e.getMessage(), e));
        }
        OutgoingEvent outgoing = OutgoingEvent.of(reply);
        if (forwarding.routes(outgoing.type())) {
            try {
                forward(event, outgoing);
            } catch (RuntimeException e) {
                timing.stop(timer(FailureClass.of(e).name().toLowerCase(Locale.ROOT)));
                throw e; // 503: retried, so the next function gets it later rather than never
            }
        }
        timing.stop(timer(EventType.of(reply).type().substring(EventType.PREFIX.length())));
        return events.reply(outgoing);
    }

    /**
     * Direct wiring: the next function gets the reply from here, under an id that is the same for every redelivery of
     * the incoming event (the next function takes a duplicate as one).
     */
    private void forward(IncomingEvent event, OutgoingEvent outgoing) {
        String id = UUID.nameUUIDFromBytes((event.source() + " " + event.id() + " "
                                + outgoing.type().type())
                        .getBytes(StandardCharsets.UTF_8))
                .toString();
        forwarding.send(id, outgoing.data());
    }

    private Timer timer(String outcome) {
        return Timer.builder("prodcat.event.handling")
                .description("events handled by this function, by the reply they got")
                .tag("event", accepted.type().substring(EventType.PREFIX.length()))
                .tag("outcome", outcome)
                .register(meters);
    }
}
