package io.prodcat.train;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The train function's own settings ({@code prodcat.*}, filled from the environment in application.properties); the
 * connections are {@link io.prodcat.function.support.InfrastructureProperties}.
 *
 * @param dataset  which uploads to train on and how to read them
 * @param training model and run settings
 */
@ConfigurationProperties("prodcat")
record TrainProperties(Dataset dataset, Training training) {

    /**
     * @param buckets      buckets whose uploads start a training
     * @param prefix       key prefix within it
     * @param textColumns  CSV text column(s)
     * @param labelColumn  CSV label column
     * @param maxBytes     larger datasets are refused (ledger FAILED); 0: what the heap can train on
     * @param webhookToken MinIO's webhook must send {@code Authorization: Bearer <token>}; unset, it is refused
     * @param pathSeparator labels containing it are category paths whose tree the model keeps (empty: labels are
     *                      always flat)
     */
    record Dataset(
            List<String> buckets,
            String prefix,
            List<String> textColumns,
            String labelColumn,
            long maxBytes,
            String webhookToken,
            String pathSeparator) {}

    /**
     * @param modelBucket     bucket for model files ({@code runs/<training id>/model.prodcat})
     * @param holdoutFraction share of each class kept out of training for evaluate
     * @param holdoutSeed     seed of that split
     * @param runningTimeout  a RUNNING ledger row older than this is taken over by the next delivery
     * @param params          hyperparameter overrides (see docs/ENGINE.md), key by key
     * @param paramList       hyperparameter overrides on one line, {@code key=value;key=value}
     *                        (PRODCAT_TRAINING_PARAMS); {@code params} wins where both set a key
     * @param experiment      MLflow experiment name
     */
    record Training(
            String modelBucket,
            double holdoutFraction,
            long holdoutSeed,
            Duration runningTimeout,
            Map<String, String> params,
            String paramList,
            String experiment) {}
}
