package io.prodcat.adapters.tracking;

import java.util.Objects;
import java.util.Optional;

/**
 * The two aliases of one registered model and every move of them: evaluate's gate and rollout check and predict's
 * rollback all move {@code champion} and {@code challenger} here, each move saying who and why (the registry keeps it).
 */
public final class ModelAliases {

    public static final String CHAMPION = "champion";
    public static final String CHALLENGER = "challenger";

    private final ModelRegistry registry;
    private final String modelName;

    public ModelAliases(ModelRegistry registry, String modelName) {
        this.registry = Objects.requireNonNull(registry);
        this.modelName = Objects.requireNonNull(modelName);
    }

    public String modelName() {
        return modelName;
    }

    public Optional<ModelVersion> champion() {
        return registry.findByAlias(modelName, CHAMPION);
    }

    public Optional<ModelVersion> challenger() {
        return registry.findByAlias(modelName, CHALLENGER);
    }

    /** {@code champion} names {@code version} from now on: what predict serves. */
    public void crown(String version, ModelRegistry.AliasChange why) {
        registry.setAlias(modelName, CHAMPION, version, why);
    }

    /** {@code challenger} names {@code version}: on trial beside the champion (shadow or canary). */
    public void nominate(String version, ModelRegistry.AliasChange why) {
        registry.setAlias(modelName, CHALLENGER, version, why);
    }

    /** No {@code challenger} any more (promoted or retired); nothing happens when there is none. */
    public void clearChallenger(ModelRegistry.AliasChange why) {
        registry.removeAlias(modelName, CHALLENGER, why);
    }
}
