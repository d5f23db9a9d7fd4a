package io.prodcat.train;

import io.prodcat.function.support.SharedDefaults;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The train function's own settings ({@code prodcat.*}); what every function reads is
 * {@link io.prodcat.function.support.InfrastructureProperties}.
 *
 * @param dataset which uploads to train on and how to read them
 * @param model where model files go
 * @param training the training and its run
 * @param webhookToken MinIO's webhook must send {@code Authorization: Bearer <token>} (MinIO's {@code auth_token}),
 *     checked in constant time before the body is read; blank: every notification is refused (401)
 * @param webhookAuth how {@code POST /minio} trusts a bucket notification: {@code token} (MinIO's {@code auth_token},
 *     PRODCAT_WEBHOOK_TOKEN) or {@code store} (no token, for Versity Gateway or AWS: each record must name an object
 *     stored in the dataset location with the record's ETag and size; docs/SECURITY.md)
 * @param webhookOnly {@code true}: the train image runs as the webhook Service: only {@code POST /minio}, no training
 *     events (403)
 * @param warmStart {@code champion}: each training follows the registry's champion when its feature settings and
 *     labels fit and it kept its duals (one solve of all rows at its setting from its duals, unless a cold check or
 *     the share of new or relabelled rows says cold; docs/ENGINE.md "Warm start"), its lineage in the ledger and the
 *     run; {@code off}: every training walks the cost path
 */
@ConfigurationProperties("prodcat")
record TrainProperties(
        @DefaultValue Dataset dataset,
        @DefaultValue Model model,
        @DefaultValue Training training,
        String webhookToken,
        @DefaultValue("token") WebhookAuth webhookAuth,
        @DefaultValue("false") boolean webhookOnly,
        @DefaultValue("champion") WarmStart warmStart) {

    /** What a training starts from (docs/ENGINE.md "Warm start"). */
    enum WarmStart {
        /** The registry's champion, when it fits. */
        CHAMPION,
        /** Nothing: the cost path every time. */
        OFF
    }

    /** How {@code POST /minio} trusts a bucket notification (docs/SECURITY.md). */
    enum WebhookAuth {
        /** MinIO's {@code auth_token} (PRODCAT_WEBHOOK_TOKEN) in the Authorization header. */
        TOKEN,
        /** No token (Versity Gateway, AWS): each record must name a stored object with its ETag and size. */
        STORE
    }

    /**
     * @param buckets the dataset buckets: train trains on uploads to them (comma-separated), predict writes feedback
     *     datasets to the first
     * @param prefix key prefix of training datasets within them
     * @param textColumns the CSV's text column(s), comma-separated
     * @param labelColumn the CSV's label column
     * @param maxBytes larger datasets end FAILED; 0: what the heap can read (docs/OPERATIONS.md, Sizing: 28 MB on a
     *     768 MB heap)
     * @param pathSeparator labels containing it are category paths whose tree the model keeps; empty: always flat
     */
    record Dataset(
            @DefaultValue(SharedDefaults.DATASET_BUCKETS) List<String> buckets,
            @DefaultValue(SharedDefaults.DATASET_PREFIX) String prefix,
            @DefaultValue(SharedDefaults.TEXT_COLUMNS) List<String> textColumns,
            @DefaultValue(SharedDefaults.LABEL_COLUMN) String labelColumn,
            @DefaultValue("0") long maxBytes,
            @DefaultValue(" > ") String pathSeparator) {}

    /**
     * @param bucket where model files and holdout manifests go ({@code runs/<training id>/model.prodcat},
     *     {@code …/holdout.json}); predict loads a champion only from there
     * @param name the registered model (MLflow's, or the ledger's with tracking off)
     */
    record Model(
            @DefaultValue(SharedDefaults.MODEL_BUCKET) String bucket,
            @DefaultValue(SharedDefaults.MODEL_NAME) String name) {}

    /**
     * @param holdoutFraction share of titles never trained on, kept for evaluate (decided per title by a salted hash,
     *     so added rows never move old ones)
     * @param holdoutSeed the salt of that hash
     * @param runningTimeout a RUNNING ledger row older than this is taken over by the next delivery
     * @param params hyperparameter overrides, {@code key=value} pairs separated by {@code ;} (keys as
     *     {@code ./prodcat train --param}, docs/ENGINE.md), e.g. {@code negativeSample=4000; costs=0.5,1}; an unknown
     *     key or bad value stops the function at start-up; blank: the engine's defaults
     * @param experiment the MLflow experiment of the training runs
     */
    record Training(
            @DefaultValue("0.1") double holdoutFraction,
            @DefaultValue("7") long holdoutSeed,
            @DefaultValue("2h") Duration runningTimeout,
            String params,
            @DefaultValue("prodcat") String experiment) {}
}
