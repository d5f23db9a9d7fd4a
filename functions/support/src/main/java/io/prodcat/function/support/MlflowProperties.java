package io.prodcat.function.support;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * MLflow ({@code MLFLOW_TRACKING_URI}, MLflow's own name for it).
 *
 * @param trackingUri MLflow server URL; {@code none} switches tracking off (runs untracked, the registry kept in the
 *     ledger tables)
 */
@ConfigurationProperties("mlflow")
public record MlflowProperties(
        @DefaultValue("http://127.0.0.1:5000") String trackingUri) {}
