package io.prodcat.predict;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** The predict function's settings ({@code prodcat.*}, from the environment in application.properties). */
@ConfigurationProperties("prodcat")
record PredictProperties(S3 s3, Mysql mysql, Mlflow mlflow, Model model, Api api, Feedback feedback) {

    record S3(String endpoint, String accessKey, String secretKey) {
    }

    record Mysql(String url, String user, String password) {
    }

    record Mlflow(String trackingUri) {
    }

    /**
     * @param uri  {@code s3://…} or {@code file:…}: serve this model instead of the registry's champion (MODEL_URI)
     * @param name registered model whose alias {@code champion} is served otherwise
     */
    record Model(String uri, String name) {
    }

    /**
     * @param maxBatch     texts at most in one batch request
     * @param maxTextChars characters at most in one text
     */
    record Api(int maxBatch, int maxTextChars) {
    }

    /**
     * @param threshold    unconsumed feedback rows that trigger a new training dataset
     * @param bucket       dataset bucket (its notification starts training)
     * @param prefix       key prefix of training datasets
     * @param textColumns  columns of the written dataset (feedback text goes to the first)
     * @param labelColumn  label column of the written dataset
     */
    record Feedback(int threshold, String bucket, String prefix, List<String> textColumns, String labelColumn) {
    }
}
