package io.prodcat.train;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The train function's settings ({@code prodcat.*}, filled from the environment in application.properties).
 *
 * @param s3       object store holding datasets and models
 * @param mysql    the ledger database
 * @param mlflow   tracking server
 * @param dataset  which uploads to train on and how to read them
 * @param training model and run settings
 * @param events   CloudEvent source and the sink (K_SINK) for webhook-originated events
 */
@ConfigurationProperties("prodcat")
record TrainProperties(S3 s3, Mysql mysql, Mlflow mlflow, Dataset dataset, Training training, Events events) {

    record S3(String endpoint, String accessKey, String secretKey) {
    }

    record Mysql(String url, String user, String password) {
    }

    record Mlflow(String trackingUri, String experiment) {
    }

    /**
     * @param buckets      buckets whose uploads start a training
     * @param prefix       key prefix within it
     * @param textColumns  CSV text column(s)
     * @param labelColumn  CSV label column
     * @param maxBytes     larger datasets are refused (ledger FAILED)
     * @param webhookToken when set, MinIO's webhook must send {@code Authorization: Bearer <token>}
     */
    record Dataset(List<String> buckets, String prefix, List<String> textColumns, String labelColumn, long maxBytes,
                   String webhookToken) {
    }

    /**
     * @param modelBucket     bucket for model files ({@code runs/<training id>/model.prodcat})
     * @param holdoutFraction share of each class kept out of training for evaluate
     * @param holdoutSeed     seed of that split
     * @param runningTimeout  a RUNNING ledger row older than this is taken over by the next delivery
     * @param params          hyperparameter overrides (see docs/ENGINE.md)
     */
    record Training(String modelBucket, double holdoutFraction, long holdoutSeed, Duration runningTimeout,
                    Map<String, String> params) {
    }

    /**
     * @param source CloudEvent source of this function's events
     * @param sink   where webhook-originated events go (Knative's SinkBinding sets K_SINK)
     */
    record Events(String source, String sink) {
    }
}
