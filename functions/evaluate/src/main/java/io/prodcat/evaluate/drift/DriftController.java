package io.prodcat.evaluate.drift;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.prodcat.evaluate.ScheduledEvent;
import io.prodcat.events.DriftCheck;
import io.prodcat.events.DriftDetected;
import io.prodcat.events.EventFormatException;
import io.prodcat.events.EventType;
import io.prodcat.events.IncomingEvent;
import io.prodcat.function.support.BadInput;
import io.prodcat.function.support.EventSink;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /drift}: the drift check's event route. Knative's PingSource delivers {@code dev.knative.sources.ping}
 * on a schedule (its data may name a window: {@code {"window": "PT1H"}}); {@code io.prodcat.drift.check} does the same
 * by hand. Only event senders may call it (everything in evaluate but the probes is an event route). On drift,
 * {@code io.prodcat.drift.detected} goes to K_SINK; the answer is the check's report (JSON, no CloudEvent: a source
 * drops replies). A redelivered event returns the same check and sends the same event id again.
 */
@RestController
public class DriftController {

    private static final Duration LONGEST_WINDOW = Duration.ofDays(30);

    private final DriftCheckJob job;
    private final EventSink sink;
    private final MeterRegistry meters;

    DriftController(DriftCheckJob job, EventSink sink, MeterRegistry meters) {
        this.job = job;
        this.sink = sink;
        this.meters = meters;
        // every verdict's series at 0 from the start: Prometheus' increase() misses a series' first value
        List.of(DriftCheckJob.DRIFT, DriftCheckJob.NO_DRIFT, DriftCheckJob.NOT_ENOUGH_DATA)
                .forEach(verdict -> checks(verdict));
    }

    private Counter checks(String verdict) {
        return Counter.builder("prodcat.drift.checks")
                .description("drift checks, by verdict")
                .tag("verdict", verdict)
                .register(meters);
    }

    @PostMapping("/drift")
    Map<String, Object> check(@RequestHeader HttpHeaders headers, @RequestBody(required = false) byte[] body) {
        IncomingEvent event = ScheduledEvent.read(headers, body, EventType.DRIFT_CHECK);
        DriftCheckJob.Outcome outcome = job.check(event.source() + " " + event.id(), windowOf(event));
        checks(outcome.verdict()).increment();
        if (outcome.drift()) {
            sink.send(outcome.checkId().toString(), detected(outcome));
        }
        return report(outcome);
    }

    /** The window the event's data names, or null for the configured one. */
    private static Duration windowOf(IncomingEvent event) {
        if (event.data().length == 0) {
            return null;
        }
        String window;
        try {
            window = event.data(DriftCheck.class).window();
        } catch (EventFormatException e) {
            throw new BadInput(e.getMessage(), e);
        }
        if (window == null) {
            return null;
        }
        try {
            Duration parsed = Duration.parse(window);
            if (parsed.isNegative() || parsed.isZero() || parsed.compareTo(LONGEST_WINDOW) > 0) {
                throw new BadInput(
                        "\"window\" must be longer than 0 and at most " + LONGEST_WINDOW + ", got " + window);
            }
            return parsed;
        } catch (DateTimeParseException e) {
            throw new BadInput("\"window\" must be an ISO-8601 duration such as PT1H, got '" + window + "'", e);
        }
    }

    private static DriftDetected detected(DriftCheckJob.Outcome outcome) {
        return new DriftDetected(
                outcome.checkId().toString(),
                outcome.modelVersion(),
                outcome.rows().get(0).windowStart().toString(),
                outcome.rows().get(0).windowEnd().toString(),
                outcome.windowSize(),
                outcome.fired(),
                outcome.figures(),
                outcome.separatingNgrams());
    }

    private static Map<String, Object> report(DriftCheckJob.Outcome outcome) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("checkId", outcome.checkId().toString());
        report.put("modelVersion", outcome.modelVersion());
        report.put("verdict", outcome.verdict());
        report.put("windowSize", outcome.windowSize());
        report.put("fired", outcome.fired());
        report.put("figures", outcome.figures());
        report.put("separatingNgrams", outcome.separatingNgrams());
        report.put("reason", outcome.reason());
        report.put(
                "tests",
                outcome.rows().stream()
                        .map(row -> {
                            Map<String, Object> test = new LinkedHashMap<>();
                            test.put("test", row.test());
                            test.put("verdict", row.verdict());
                            test.put("statistic", row.statistic());
                            test.put("pValue", row.pValue());
                            test.put("threshold", row.threshold());
                            test.put("windowSize", row.windowSize());
                            test.put("detail", row.detail());
                            return test;
                        })
                        .toList());
        return report;
    }
}
