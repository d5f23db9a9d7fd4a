package io.prodcat.predict.rollout;

import io.prodcat.adapters.persistence.AliasChangeDao;
import io.prodcat.adapters.tracking.ModelAliases;
import io.prodcat.adapters.tracking.ModelRegistry;
import io.prodcat.adapters.tracking.ModelVersion;
import io.prodcat.function.support.BadInput;
import io.prodcat.function.support.LedgerDatabase;
import io.prodcat.predict.PredictProperties;
import io.prodcat.predict.serving.LoadedModel;
import io.prodcat.predict.serving.ModelHolder;
import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.context.annotation.Lazy;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Rollback (or roll forward) in one call, role {@code admin}: {@code POST /admin/champion} moves the registry's alias
 * {@code champion} to a registered version, with the caller and the reason kept in {@code model_alias_change} (and as
 * MLflow tags in MLflow mode), and this instance loads it at once; the others follow within
 * {@code PRODCAT_MODEL_CHAMPION_POLL}. {@code ./prodcat champion set VERSION --reason …} calls it.
 */
@RestController
class ChampionController {

    private static final int HISTORY_ROWS = 20;
    private static final long LOAD_WAIT_SECONDS = 15;

    private final ModelHolder models;
    private final ModelRegistry registry;
    private final LedgerDatabase ledger;
    private final PredictProperties.Model settings;
    private final ModelAliases aliases;

    ChampionController(
            ModelHolder models, @Lazy ModelRegistry registry, LedgerDatabase ledger, PredictProperties properties) {
        this.models = models;
        this.registry = registry;
        this.ledger = ledger;
        this.settings = properties.model();
        this.aliases = new ModelAliases(registry, settings.name());
    }

    /** Body of {@code POST /admin/champion}. */
    record ChampionRequest(String version, String reason) {

        void validate() {
            if (version == null || version.isBlank() || version.length() > 32) {
                throw new BadInput("\"version\" must be a registered version (1 to 32 characters)");
            }
            if (reason == null || reason.isBlank() || reason.length() > 1000) {
                throw new BadInput("\"reason\" must say why (1 to 1000 characters): it is kept with the change");
            }
        }
    }

    @GetMapping("/admin/champion")
    Map<String, Object> champion() {
        requireTheRegistrysChampion();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("model", settings.name());
        answer.put("champion", aliases.champion().map(ModelVersion::version).orElse(null));
        answer.put("served", models.current().map(LoadedModel::version).orElse(null));
        List<Map<String, Object>> history =
                ledger.get().onDemand(AliasChangeDao.class).history(settings.name(), HISTORY_ROWS).stream()
                        .map(ChampionController::describe)
                        .toList();
        answer.put("history", history);
        return answer;
    }

    @PostMapping("/admin/champion")
    Map<String, Object> setChampion(@RequestBody ChampionRequest request, Principal caller) throws Exception {
        request.validate();
        requireTheRegistrysChampion();
        String version = request.version().strip();
        ModelVersion target = registry.findVersion(settings.name(), version)
                .orElseThrow(() -> new BadInput("model '" + settings.name() + "' has no version " + version));
        ModelHolder.inModelBucket(target, settings); // refused before the alias moves
        String previous = aliases.champion().map(ModelVersion::version).orElse(null);
        aliases.crown(
                version,
                new ModelRegistry.AliasChange(
                        caller == null ? "anonymous" : caller.getName(),
                        request.reason().strip()));
        try {
            models.load(target).get(LOAD_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            // still loading: the answer says what is served now, the load goes on
        } catch (ExecutionException e) {
            throw new IllegalStateException("loading version " + version + " failed", e.getCause());
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("champion", version);
        answer.put("previous", previous);
        answer.put("served", models.current().map(LoadedModel::version).orElse(null));
        return answer;
    }

    private void requireTheRegistrysChampion() {
        if (!settings.servesTheChampion()) {
            throw new BadInput(
                    "this predict serves PRODCAT_MODEL_URI, not the registry's champion: a champion change would"
                            + " not reach it (unset PRODCAT_MODEL_URI, or change PRODCAT_MODEL_URI)");
        }
    }

    private static Map<String, Object> describe(AliasChangeDao.Row row) {
        Map<String, Object> change = new LinkedHashMap<>();
        change.put("alias", row.alias());
        change.put("version", row.version());
        change.put("previousVersion", row.previousVersion());
        change.put("changedBy", row.changedBy());
        change.put("reason", row.reason());
        change.put("changedAt", row.changedAt().toString());
        return change;
    }
}
