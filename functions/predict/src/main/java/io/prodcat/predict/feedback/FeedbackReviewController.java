package io.prodcat.predict.feedback;

import io.prodcat.adapters.persistence.FeedbackDao;
import io.prodcat.adapters.persistence.FeedbackRow;
import io.prodcat.function.support.BadInput;
import io.prodcat.function.support.LedgerDatabase;
import java.security.Principal;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Feedback the policy held out of training sets ({@link FeedbackPolicy}), or whose training set failed, role
 * {@code admin}: {@code GET /admin/feedback/held} counts it per client and lists the oldest 500 with the reasons;
 * {@code POST /admin/feedback/review} approves rows that are held or still wait (a correction short of its quorum,
 * from a back office the admin trusts), by id or all of one client's: they go into the next export past the policy;
 * or drops them (out for good). Recorded with the caller and the time; {@code ./prodcat feedback …} calls them.
 */
@RestController
class FeedbackReviewController {

    private static final int LISTED = 500;

    private final LedgerDatabase ledger;

    FeedbackReviewController(LedgerDatabase ledger) {
        this.ledger = ledger;
    }

    /** Body of {@code POST /admin/feedback/review}: a decision on held rows named by id or by client. */
    record ReviewRequest(String decision, List<Long> ids, String client) {

        String column() {
            if (decision == null) {
                throw new BadInput("\"decision\" must be approve or drop");
            }
            return switch (decision.strip().toLowerCase(Locale.ROOT)) {
                case "approve" -> FeedbackRow.APPROVED;
                case "drop" -> "DROPPED";
                default -> throw new BadInput("\"decision\" must be approve or drop, got '" + decision + "'");
            };
        }

        void validate() {
            boolean byIds = ids != null && !ids.isEmpty();
            boolean byClient = client != null && !client.isBlank();
            if (byIds == byClient) {
                throw new BadInput("name the held rows either by \"ids\" (1 to 1000) or by \"client\", not both");
            }
            if (byIds && (ids.size() > 1000 || ids.contains(null))) {
                throw new BadInput("\"ids\" must hold 1 to 1000 row ids");
            }
            if (byClient && client.length() > 255) {
                throw new BadInput("\"client\" has more than 255 characters");
            }
        }
    }

    @GetMapping("/admin/feedback/held")
    Map<String, Object> held() {
        List<FeedbackRow> rows = dao().held(LISTED);
        Map<String, Long> byClient = new TreeMap<>();
        dao().heldPerClient().forEach(count -> byClient.put(count.name(), count.rows()));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("byClient", byClient);
        answer.put(
                "held",
                rows.stream()
                        .map(row -> {
                            Map<String, Object> one = new LinkedHashMap<>();
                            one.put("id", row.id());
                            one.put("client", row.clientId());
                            one.put("text", row.text());
                            one.put("label", row.trueLabel());
                            one.put("servedLabel", row.servedLabel());
                            one.put("reason", row.heldReason());
                            return one;
                        })
                        .toList());
        return answer;
    }

    @PostMapping("/admin/feedback/review")
    Map<String, Object> review(@RequestBody ReviewRequest request, Principal caller) {
        String decision = request.column();
        request.validate();
        int decided = dao().review(
                        request.ids() == null ? List.of() : request.ids(),
                        request.client() == null ? null : request.client().strip(),
                        decision,
                        caller.getName(),
                        Clock.systemUTC().instant());
        return Map.of("decision", decision, "rows", decided);
    }

    private FeedbackDao dao() {
        return ledger.get().onDemand(FeedbackDao.class);
    }
}
