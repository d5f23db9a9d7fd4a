package io.prodcat.predict;

import io.prodcat.function.support.SharedDefaults;
import io.prodcat.predict.api.PredictRoles;
import io.prodcat.predict.feedback.FeedbackPolicy;
import io.prodcat.predict.log.PredictionLog;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The predict function's own settings ({@code prodcat.*}); what every function reads is
 * {@link io.prodcat.function.support.InfrastructureProperties}.
 *
 * @param model the model served
 * @param api the limits of the prediction API
 * @param dataset where feedback datasets go and their columns
 * @param feedback when feedback becomes a training dataset and what of it may
 * @param access who may call the API (docs/SECURITY.md)
 * @param predictionLog the sample of answers kept for the drift check (docs/OPERATIONS.md, Monitoring)
 * @param rollout a challenger beside the champion (docs/ROLLOUT.md)
 * @param aotWarmUp {@code true}: run once as the warm-up that records the JVM's AOT cache, then exit (container
 *     build, {@code ./prodcat serve})
 * @param retrainOnDrift {@code true}: {@code drift.detected} at {@code POST /retrain-on-drift} exports the feedback
 *     gathered so far into a training dataset (docs/OPERATIONS.md, Monitoring)
 */
@ConfigurationProperties("prodcat")
public record PredictProperties(
        @DefaultValue Model model,
        @DefaultValue Api api,
        @DefaultValue Dataset dataset,
        @DefaultValue Feedback feedback,
        @DefaultValue Access access,
        @DefaultValue PredictionLog predictionLog,
        @DefaultValue Rollout rollout,
        @DefaultValue("false") boolean aotWarmUp,
        @DefaultValue("false") boolean retrainOnDrift) {

    /**
     * How a challenger takes part in serving (docs/ROLLOUT.md; evaluate decides who is challenger).
     *
     * @param mode          how a version that passed the gate reaches traffic: {@code direct} (champion at once),
     *                      {@code shadow} or {@code canary} (the challenger first, beside the champion)
     * @param canaryShare   share of callers the challenger answers in canary mode, 0 to 1
     * @param compareQueue  requests waiting at most to be scored by the other version; past it they are not compared
     * @param trafficFlush  how often this instance adds its counts to {@code version_traffic}
     */
    public record Rollout(
            @DefaultValue(SharedDefaults.ROLLOUT_MODE) String mode,
            @DefaultValue("0.1") double canaryShare,
            @DefaultValue("1000") int compareQueue,
            @DefaultValue("5s") java.time.Duration trafficFlush) {
        public Rollout {
            mode = mode == null || mode.isBlank() ? "direct" : mode.strip().toLowerCase(java.util.Locale.ROOT);
            if (!List.of("direct", "shadow", "canary").contains(mode)) {
                throw new IllegalArgumentException(
                        "PRODCAT_ROLLOUT_MODE must be direct, shadow or canary, got '" + mode + "'");
            }
            if (canaryShare < 0 || canaryShare > 1) {
                throw new IllegalArgumentException(
                        "PRODCAT_ROLLOUT_CANARY_SHARE must be between 0 and 1, got " + canaryShare);
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
     * The sample of answers kept for the drift check ({@link io.prodcat.predict.log.PredictionLog}).
     *
     * @param sample        share of answers logged, 0 to 1 (0: off)
     * @param bufferRows    answers held in memory at most while waiting to be written; past it they are dropped
     * @param batchRows     rows per database batch
     * @param flushInterval how often the buffer is written
     * @param retention     rows older than this are deleted
     * @param texts         whether the texts themselves are kept (they may hold what a shop's customers typed; the
     *                      drift check's domain classifier needs them); else only their length and hash
     */
    public record PredictionLog(
            @DefaultValue("1.0") double sample,
            @DefaultValue("10000") int bufferRows,
            @DefaultValue("500") int batchRows,
            @DefaultValue("200ms") java.time.Duration flushInterval,
            @DefaultValue("30d") java.time.Duration retention,
            @DefaultValue("false") boolean texts) {
        public PredictionLog {
            if (sample < 0 || sample > 1) {
                throw new IllegalArgumentException(
                        "PRODCAT_PREDICTION_LOG_SAMPLE must be between 0 and 1, got " + sample);
            }
        }
    }

    /**
     * @param uri  {@code s3://…} or {@code file:…}: serve this model instead of the registry's champion
     * @param name     the registered model (MLflow's, or the ledger's with tracking off)
     * @param maxBytes a larger model file is refused (it would not fit the heap); every file is checked against the
     *                 sizes it declares
     * @param bucket   where model files and holdout manifests go ({@code runs/<training id>/model.prodcat},
     *                 {@code …/holdout.json}); predict loads a champion only from there
     * @param championPoll how often the registry's champion is checked and loaded when it moved, e.g. by a rollback
     *                 on another instance (0: only on model.promoted and POST /reload)
     */
    public record Model(
            String uri,
            @DefaultValue(SharedDefaults.MODEL_NAME) String name,
            @DefaultValue("134217728") int maxBytes,
            @DefaultValue(SharedDefaults.MODEL_BUCKET) String bucket,
            @DefaultValue("10s") java.time.Duration championPoll) {
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
     * @param clientConcurrency    prediction requests of one client (an API client, else X-Caller-Key, else address)
     *                             in progress at once (429 past it)
     * @param anonymousConcurrency prediction requests of all anonymous callers together in progress at once
     */
    public record Api(
            @DefaultValue("1000") int maxBatch,
            @DefaultValue("1000") int maxTextChars,
            @DefaultValue("10000") int maxBatchCost,
            @DefaultValue("32") int clientConcurrency,
            @DefaultValue("64") int anonymousConcurrency) {}

    /**
     * @param buckets the dataset buckets: train trains on uploads to them (comma-separated), predict writes feedback
     *     datasets to the first
     * @param prefix key prefix of training datasets within them
     * @param textColumns the CSV's text column(s), comma-separated
     * @param labelColumn the CSV's label column
     */
    public record Dataset(
            @DefaultValue(SharedDefaults.DATASET_BUCKETS) List<String> buckets,
            @DefaultValue(SharedDefaults.DATASET_PREFIX) String prefix,
            @DefaultValue(SharedDefaults.TEXT_COLUMNS) List<String> textColumns,
            @DefaultValue(SharedDefaults.LABEL_COLUMN) String labelColumn) {

        public Dataset {
            if (buckets.isEmpty()) {
                throw new IllegalArgumentException("PRODCAT_DATASET_BUCKETS names no bucket");
            }
        }

        /** The bucket feedback datasets are written to. */
        public String bucket() {
            return buckets.get(0);
        }
    }

    /**
     * @param threshold    unconsumed feedback rows that trigger a new training dataset
     * @param knownLabelsOnly feedback whose label the served model does not know is refused (400): a new category
     *                     must come through a dataset, not through feedback
     * @param clientRowsPerHour   rows one client may send per hour (429 with {@code Retry-After} past it)
     * @param window              the sliding window of the per-client limits below, across exports
     * @param clientRowsPerWindow rows of one client at most exported in the window (the rest wait)
     * @param quorum              a correction (a label other than the served model's answer) is used only once this
     *                            many clients sent it for the same title
     * @param reviewCorrections   corrections one client may send in the window before all of its are held for an
     *                            admin's review
     * @param reviewClassShare    corrections into a class beyond this share of its rows (at least 5) are held for
     *                            review
     * @param maxShare            feedback rows' largest share of an exported dataset (the rest wait for the next); no
     *                            feedback is exported before a first training
     */
    public record Feedback(
            @DefaultValue("1000") int threshold,
            @DefaultValue("true") boolean knownLabelsOnly,
            @DefaultValue("100") int clientRowsPerHour,
            @DefaultValue("P7D") java.time.Duration window,
            @DefaultValue("500") int clientRowsPerWindow,
            @DefaultValue("2") int quorum,
            @DefaultValue("50") int reviewCorrections,
            @DefaultValue("0.1") double reviewClassShare,
            @DefaultValue("0.2") double maxShare) {

        public FeedbackPolicy policy() {
            return new FeedbackPolicy(quorum, reviewCorrections, reviewClassShare, clientRowsPerWindow, maxShare);
        }
    }

    /**
     * Who may call the API ({@link PredictRoles}).
     *
     * @param anonymousRoles roles of callers without credentials ({@code predict}, {@code feedback},
     *                       {@code admin}, comma-separated; blank: none)
     * @param apiKeys        API keys, stored hashed: {@code client:role+role:sha256hex} entries, comma-separated (from
     *                       Secret {@code prodcat-api-keys})
     * @param jwt            the shop's own token issuer: its JWTs are taken as credentials; blank issuer: none
     * @param rolesClaim     the JWT claim listing the caller's roles (a list or a space-separated string)
     */
    public record Access(
            @DefaultValue("predict") List<String> anonymousRoles,
            String apiKeys,
            @DefaultValue Jwt jwt,
            @DefaultValue("roles") String rolesClaim) {}

    /**
     * The shop's own token issuer, whose JWTs predict takes as credentials.
     *
     * @param issuer the tokens' {@code iss}; blank: JWTs are not taken
     * @param jwksUri where the issuer's signing keys are
     * @param audience the audience the tokens must carry; blank: any
     * @param subjects allowed {@code sub}s, comma-separated; blank: any
     * @param jwksCaFile a PEM CA to trust for {@code jwksUri}; blank: the JDK's
     * @param jwksTokenFile a file whose content is sent as Bearer token to {@code jwksUri}; blank: none
     */
    public record Jwt(
            String issuer,
            String jwksUri,
            String audience,
            List<String> subjects,
            String jwksCaFile,
            String jwksTokenFile) {

        public io.prodcat.function.support.InfrastructureProperties.Oidc oidc() {
            return new io.prodcat.function.support.InfrastructureProperties.Oidc(
                    issuer, jwksUri, audience, subjects, jwksCaFile, jwksTokenFile);
        }
    }
}
