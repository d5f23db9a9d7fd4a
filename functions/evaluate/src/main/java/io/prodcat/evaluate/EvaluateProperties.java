package io.prodcat.evaluate;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** The evaluate function's settings ({@code prodcat.*}, from the environment in application.properties). */
@ConfigurationProperties("prodcat")
record EvaluateProperties(S3 s3, Mysql mysql, Mlflow mlflow, Registry registry, Events events) {

    record S3(String endpoint, String accessKey, String secretKey) {
    }

    record Mysql(String url, String user, String password) {
    }

    record Mlflow(String trackingUri) {
    }

    /**
     * @param modelName registered model name
     * @param minF1Gain the new model's held-out macro-F1 must reach the champion's (on the same rows) plus this;
     *                  negative values tolerate a small loss
     * @param minF1Floor the new model's worst-class F1 must reach this
     */
    record Registry(String modelName, double minF1Gain, double minF1Floor) {
    }

    record Events(String source) {
    }
}
