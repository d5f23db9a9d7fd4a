package io.prodcat.evaluate;

import io.prodcat.evaluate.drift.DriftSettings;
import io.prodcat.evaluate.rollout.RolloutSettings;
import io.prodcat.function.support.SharedDefaults;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The evaluate function's own settings ({@code prodcat.*}); what every function reads is
 * {@link io.prodcat.function.support.InfrastructureProperties}.
 *
 * @param model the registered model
 * @param gate the quality gate a new version must pass
 * @param drift the drift check ({@code POST /drift}; docs/OPERATIONS.md, Monitoring)
 * @param rollout rolling out a version (docs/ROLLOUT.md)
 */
@ConfigurationProperties("prodcat")
record EvaluateProperties(
        @DefaultValue Model model,
        @DefaultValue Gate gate,
        @DefaultValue @NestedConfigurationProperty DriftSettings drift,
        @DefaultValue @NestedConfigurationProperty RolloutSettings rollout) {

    /** @param name the registered model (MLflow's, or the ledger's with tracking off) */
    record Model(@DefaultValue(SharedDefaults.MODEL_NAME) String name) {}

    /**
     * @param minF1Gain held-out macro-F1 must reach the champion's (on the same rows, neither trained on) plus this,
     *     less twice the noise of the difference (paired bootstrap); negative tolerates a loss
     * @param minF1Floor worst-class F1 must reach this
     * @param referenceUri the trusted reference set (no training ever fits on its titles), on which a candidate must
     *     not score below the champion by more than the tolerance, whatever its held-out figures: a labelled CSV in
     *     S3 pinned once from this setting (read with the training's columns); blank: carved once from the held-out
     *     rows of the first training whose dataset has no feedback; later changed only by an admin
     *     ({@code POST /admin/reference})
     * @param referenceTolerance macro-F1 a candidate may lose against the champion on the reference set
     * @param referenceClassTolerance F1 one class may lose against the champion on the reference set
     * @param referenceClassMinRows classes with fewer reference rows are judged only through the macro-F1
     */
    record Gate(
            @DefaultValue("0.0") double minF1Gain,
            @DefaultValue("0.0") double minF1Floor,
            String referenceUri,
            @DefaultValue("0.01") double referenceTolerance,
            @DefaultValue("0.1") double referenceClassTolerance,
            @DefaultValue("10") int referenceClassMinRows) {}
}
