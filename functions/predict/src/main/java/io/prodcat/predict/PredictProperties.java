package io.prodcat.predict;

import io.prodcat.predict.api.PredictRoles;
import io.prodcat.predict.feedback.FeedbackPolicy;
import io.prodcat.predict.log.PredictionLog;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The predict function's own settings ({@code prodcat.*}, from the environment in application.properties); the
 * connections are {@link io.prodcat.function.support.InfrastructureProperties}.
 */
@ConfigurationProperties("prodcat")
public record PredictProperties(
        Model model, Api api, Feedback feedback, Access access, PredictionLog predictionLog, Rollout rollout) {

    /**
     * How a challenger takes part in serving (docs/ROLLOUT.md; evaluate decides who is challenger).
     *
     * @param mode          {@code direct} (no challenger is loaded), {@code shadow} or {@code canary} (PRODCAT_ROLLOUT)
     * @param canaryShare   share of callers the challenger answers in canary mode (PRODCAT_CANARY_SHARE), 0 to 1
     * @param compareQueue  requests waiting at most to be scored by the other version; past it they are not compared
     * @param trafficFlush  how often this instance adds its counts to {@code version_traffic}
     */
    public record Rollout(String mode, double canaryShare, int compareQueue, java.time.Duration trafficFlush) {
        public Rollout {
            mode = mode == null || mode.isBlank() ? "direct" : mode.strip().toLowerCase(java.util.Locale.ROOT);
            if (!List.of("direct", "shadow", "canary").contains(mode)) {
                throw new IllegalArgumentException(
                        "PRODCAT_ROLLOUT must be direct, shadow or canary, got '" + mode + "'");
            }
            if (canaryShare < 0 || canaryShare > 1) {
                throw new IllegalArgumentException("PRODCAT_CANARY_SHARE must be between 0 and 1, got " + canaryShare);
            }
        }

        public static Rollout direct() {
            return new Rollout("direct", 0, 1, java.time.Duration.ofSeconds(5));
        }

        public boolean shadow() {
            return mode.equals("shadow");
        }

        public boolean canary() {
            return mode.equals("canary");
        }

        public boolean withChallenger() {
            return shadow() || canary();
        }
    }

    /**
     * The sample of answers kept for the drift check ({@link io.prodcat.predict.PredictionLog}).
     *
     * @param sample        share of answers logged, 0 to 1 (PRODCAT_PREDICTION_LOG_SAMPLE; 0: off)
     * @param bufferRows    answers held in memory at most while waiting to be written; past it they are dropped
     * @param batchRows     rows per database batch
     * @param flushInterval how often the buffer is written
     * @param retention     rows older than this are deleted (PRODCAT_PREDICTION_LOG_RETENTION)
     * @param logTexts      whether the texts themselves are kept (PRODCAT_LOG_TEXTS); else only length and hash
     */
    public record PredictionLog(
            double sample,
            int bufferRows,
            int batchRows,
            java.time.Duration flushInterval,
            java.time.Duration retention,
            boolean logTexts) {
        public PredictionLog {
            if (sample < 0 || sample > 1) {
                throw new IllegalArgumentException(
                        "PRODCAT_PREDICTION_LOG_SAMPLE must be between 0 and 1, got " + sample);
            }
        }
    }

    /**
     * @param uri  {@code s3://…} or {@code file:…}: serve this model instead of the registry's champion (MODEL_URI)
     * @param name     registered model whose alias {@code champion} is served otherwise
     * @param maxBytes a larger model file is refused (it would not fit the heap)
     * @param bucket   the model bucket: a champion whose file lies elsewhere is not loaded (PRODCAT_MODEL_BUCKET)
     * @param championPoll how often the registry's champion is checked and loaded when it moved, e.g. by a rollback
     *                 on another instance (PRODCAT_CHAMPION_POLL; 0: only on model.promoted and POST /reload)
     */
    public record Model(String uri, String name, int maxBytes, String bucket, java.time.Duration championPoll) {
        public Model {
            championPoll = championPoll == null ? java.time.Duration.ZERO : championPoll;
        }

        public boolean servesTheChampion() {
            return uri == null || uri.isBlank();
        }
    }

    /**
     * @param maxBatch     texts at most in one batch request
     * @param maxTextChars characters at most in one text
     * @param maxBatchCost texts × k at most in one request (the labels it answers)
     * @param clientConcurrency    prediction requests of one client in progress at once (429 past it)
     * @param anonymousConcurrency prediction requests of all anonymous callers together in progress at once
     */
    public record Api(
            int maxBatch, int maxTextChars, int maxBatchCost, int clientConcurrency, int anonymousConcurrency) {}

    /**
     * @param threshold    unconsumed feedback rows that trigger a new training dataset
     * @param bucket       dataset bucket (its notification starts training)
     * @param prefix       key prefix of training datasets
     * @param textColumns  columns of the written dataset (feedback text goes to the first)
     * @param labelColumn  label column of the written dataset
     * @param knownLabelsOnly a label the served model does not know is refused (a new category must come through a
     *                     dataset, not through feedback)
     * @param clientRowsPerHour   rows one client may send per hour (429 past it)
     * @param window              the sliding window of the per-client limits below, across exports
     * @param clientRowsPerWindow rows of one client at most exported in the window (the rest wait)
     * @param quorum              different clients that must send the same correction of a title before it is used
     * @param reviewCorrections   corrections one client may send in the window before they are held for review
     * @param reviewClassShare    corrections into a class beyond this share of its rows are held for review
     * @param maxShare            feedback rows' largest share of an exported dataset (the rest wait for the next)
     */
    public record Feedback(
            int threshold,
            String bucket,
            String prefix,
            List<String> textColumns,
            String labelColumn,
            boolean knownLabelsOnly,
            int clientRowsPerHour,
            java.time.Duration window,
            int clientRowsPerWindow,
            int quorum,
            int reviewCorrections,
            double reviewClassShare,
            double maxShare) {

        public FeedbackPolicy policy() {
            return new FeedbackPolicy(quorum, reviewCorrections, reviewClassShare, clientRowsPerWindow, maxShare);
        }
    }

    /**
     * Who may call the API ({@link PredictRoles}).
     *
     * @param anonymousRoles roles of callers without credentials (PRODCAT_ANONYMOUS_ROLES; default {@code predict})
     * @param apiKeys        {@code client:role+role:sha256hex} entries (PRODCAT_API_KEYS, from a Secret)
     * @param jwt            the shop's own token issuer (PRODCAT_API_JWT_*); no issuer: JWTs are not taken
     * @param rolesClaim     the JWT claim that lists the caller's roles (PRODCAT_API_JWT_ROLES_CLAIM)
     */
    public record Access(
            List<String> anonymousRoles,
            String apiKeys,
            io.prodcat.function.support.InfrastructureProperties.Oidc jwt,
            String rolesClaim) {
        public Access {
            anonymousRoles = anonymousRoles == null ? List.of() : anonymousRoles;
        }
    }
}
