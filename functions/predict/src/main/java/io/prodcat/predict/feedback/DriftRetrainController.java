package io.prodcat.predict.feedback;

import io.prodcat.events.EventFormatException;
import io.prodcat.events.EventType;
import io.prodcat.events.IncomingEvent;
import io.prodcat.function.support.BadInput;
import io.prodcat.predict.PredictProperties;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /retrain-on-drift}: the event route the Trigger {@code prodcat-drift-retrain} delivers
 * {@code io.prodcat.drift.detected} to. With {@code PRODCAT_RETRAIN_ON_DRIFT=true} the feedback gathered so far is
 * exported at once into a training dataset (whatever the threshold), which trains like any upload; off (the default)
 * the event is acknowledged and nothing happens. Only event senders may call it, like {@code POST /}. The same event
 * delivered twice to an instance exports once.
 */
@RestController
class DriftRetrainController {

    private static final Logger LOG = LoggerFactory.getLogger(DriftRetrainController.class);
    private static final int REMEMBERED_EVENTS = 1_000;

    private final FeedbackLoop feedback;
    private final boolean enabled;
    private final Set<String> handled = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED_EVENTS;
        }
    });

    DriftRetrainController(FeedbackLoop feedback, PredictProperties properties) {
        this.feedback = feedback;
        this.enabled = properties.retrainOnDrift();
    }

    @PostMapping("/retrain-on-drift")
    Map<String, Object> driftDetected(@RequestHeader HttpHeaders headers, @RequestBody(required = false) byte[] body) {
        IncomingEvent event;
        try {
            event = IncomingEvent.expect(EventType.DRIFT_DETECTED, headers.toSingleValueMap(), body);
        } catch (EventFormatException e) {
            throw new BadInput(e.getMessage(), e);
        }
        if (!enabled) {
            return Map.of("retraining", "off (PRODCAT_RETRAIN_ON_DRIFT is not true)");
        }
        String key = event.source() + " " + event.id();
        synchronized (handled) {
            if (!handled.add(key)) {
                return Map.of("retraining", "already started for this event");
            }
        }
        try {
            Map<String, Object> answer = new LinkedHashMap<>();
            feedback.exportNow()
                    .ifPresentOrElse(
                            exported -> {
                                answer.put("retraining", "started");
                                answer.put("dataset", exported.dataset());
                                answer.put("feedbackRows", exported.feedbackRows());
                                LOG.info(
                                        "drift detected ({}): {} feedback rows exported to {} for a new training",
                                        event.subject(),
                                        exported.feedbackRows(),
                                        exported.dataset());
                            },
                            () -> {
                                answer.put("retraining", "no feedback waiting: nothing to train on");
                                answer.put("feedbackRows", 0);
                            });
            return answer;
        } catch (RuntimeException e) {
            synchronized (handled) {
                handled.remove(key); // a retry of this event may export
            }
            throw e;
        }
    }
}
