package io.prodcat.predict.serving;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** Part of readiness: not ready until a model is loaded (liveness is unaffected). */
@Component("model")
class ModelHealthIndicator implements HealthIndicator {

    private final ModelHolder models;

    ModelHealthIndicator(ModelHolder models) {
        this.models = models;
    }

    @Override
    public Health health() {
        return models.current()
                .map(model -> Health.up().withDetail("version", model.version()).build())
                .orElseGet(() -> Health.outOfService()
                        .withDetail("reason", models.whyNotLoaded())
                        .build());
    }
}
