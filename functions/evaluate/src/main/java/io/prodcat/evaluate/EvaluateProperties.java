package io.prodcat.evaluate;

import io.prodcat.evaluate.rollout.RolloutSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The evaluate function's own settings ({@code prodcat.*}, from the environment in application.properties); the
 * connections are {@link io.prodcat.function.support.InfrastructureProperties}.
 */
@ConfigurationProperties("prodcat")
record EvaluateProperties(Registry registry, io.prodcat.evaluate.drift.DriftSettings drift, RolloutSettings rollout) {

    /**
     * @param modelName  registered model name
     * @param minF1Gain  the new model's held-out macro-F1 must reach the champion's (on the same rows) plus this;
     *                   negative values tolerate a small loss
     * @param minF1Floor the new model's worst-class F1 must reach this
     * @param referenceUri       s3:// URI of a trusted labelled CSV the candidate must not lose on (blank: none)
     * @param referenceTolerance macro-F1 the candidate may lose against the champion on it
     * @param referenceClassTolerance F1 one class may lose against the champion on it
     * @param referenceClassMinRows   classes with fewer reference rows are judged only through the macro-F1
     */
    record Registry(
            String modelName,
            double minF1Gain,
            double minF1Floor,
            String referenceUri,
            double referenceTolerance,
            double referenceClassTolerance,
            int referenceClassMinRows) {}
}
