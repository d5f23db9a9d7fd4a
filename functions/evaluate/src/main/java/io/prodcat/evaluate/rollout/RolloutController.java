package io.prodcat.evaluate.rollout;

import io.prodcat.evaluate.ScheduledEvent;
import io.prodcat.events.EventType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /rollout}: the rollout check's event route. A PingSource delivers {@code dev.knative.sources.ping} on a
 * schedule; {@code io.prodcat.rollout.check} does the same by hand. Event senders only (like every event route of
 * evaluate). Decisions go to K_SINK as {@code io.prodcat.rollout.decided}; the answer is the check's report (JSON).
 * A redelivered ping is harmless: what it decides depends only on the aliases and figures, and a decision made is
 * not made again (the alias it moved is gone or moved).
 */
@RestController
public class RolloutController {

    private final RolloutCheckJob job;

    RolloutController(RolloutCheckJob job) {
        this.job = job;
    }

    @PostMapping("/rollout")
    Map<String, Object> check(@RequestHeader HttpHeaders headers, @RequestBody(required = false) byte[] body) {
        ScheduledEvent.read(headers, body, EventType.ROLLOUT_CHECK);
        List<RolloutCheckJob.Finding> findings = job.check();
        Map<String, Object> report = new LinkedHashMap<>();
        report.put(
                "findings",
                findings.stream()
                        .map(finding -> {
                            Map<String, Object> one = new LinkedHashMap<>();
                            one.put("alias", finding.subject());
                            one.put("version", finding.version());
                            one.put("decision", finding.decision().name().toLowerCase(java.util.Locale.ROOT));
                            one.put("reason", finding.reason());
                            one.put("figures", finding.figures());
                            return one;
                        })
                        .toList());
        return report;
    }
}
