package io.prodcat.train;

import io.prodcat.adapters.storage.ObjectNotFoundException;
import io.prodcat.adapters.storage.ObjectStore;
import io.prodcat.adapters.storage.S3Location;
import io.prodcat.adapters.tracking.ModelAliases;
import io.prodcat.adapters.tracking.ModelVersion;
import io.prodcat.engine.model.LinearClassifier;
import io.prodcat.engine.model.ModelFile;
import io.prodcat.engine.model.ModelFormatException;
import io.prodcat.engine.training.DualState;
import io.prodcat.engine.training.Parent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's champion as the model a training follows ({@code PRODCAT_WARM_START=champion}): its weights read
 * from the model bucket as predict reads them, and the duals its training kept beside them (without them it is no
 * parent: {@link Parent#incompatibility}). Empty, so the training is cold, when there is no champion yet, its
 * weights are outside the model bucket or gone, or its file is unreadable; a registry or S3 outage is thrown (the
 * delivery is retried, as for any outage during a training).
 */
final class ChampionParent implements Supplier<Optional<Parent>> {

    /** No parent: every training is cold ({@code PRODCAT_WARM_START=off}). */
    static final Supplier<Optional<Parent>> NONE = Optional::empty;

    private static final Logger LOG = LoggerFactory.getLogger(ChampionParent.class);
    private static final Pattern TRAINING_ID = Pattern.compile("runs/([0-9a-f-]{36})/model\\.prodcat");

    private final ModelAliases aliases;
    private final ObjectStore store;
    private final String modelBucket;

    ChampionParent(ModelAliases aliases, ObjectStore store, String modelBucket) {
        this.aliases = aliases;
        this.store = store;
        this.modelBucket = modelBucket;
    }

    @Override
    public Optional<Parent> get() {
        Optional<ModelVersion> champion = aliases.champion();
        if (champion.isEmpty()) {
            LOG.info("no champion of {} yet: the training starts cold", aliases.modelName());
            return Optional.empty();
        }
        ModelVersion version = champion.get();
        S3Location weights;
        try {
            weights = S3Location.parse(version.sourceUri());
        } catch (IllegalArgumentException e) {
            LOG.warn("champion version {} names no S3 object ({}): the training starts cold", version.version(), e);
            return Optional.empty();
        }
        if (!weights.bucket().equals(modelBucket)) {
            LOG.warn(
                    "champion version {} lies outside the model bucket {}: the training starts cold",
                    version.version(),
                    modelBucket);
            return Optional.empty();
        }
        LinearClassifier model;
        try (InputStream in = store.open(weights)) {
            model = ModelFile.read(in);
        } catch (ObjectNotFoundException e) {
            LOG.warn("champion version {}'s weights {} are gone: the training starts cold", version.version(), weights);
            return Optional.empty();
        } catch (ModelFormatException e) {
            LOG.warn(
                    "champion version {}'s weights cannot be read ({}): the training starts cold",
                    version.version(),
                    e.getMessage());
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the champion's weights " + weights, e);
        }
        Matcher id = TRAINING_ID.matcher(weights.key());
        return Optional.of(
                new Parent(model, version.version(), id.matches() ? id.group(1) : null, duals(version, weights)));
    }

    /** Where the duals of the model at {@code weights} are kept: beside it, its key and {@link DualState#FILE_SUFFIX}. */
    static S3Location dualsOf(S3Location weights) {
        return new S3Location(weights.bucket(), weights.key() + DualState.FILE_SUFFIX);
    }

    /** The champion's duals, kept beside its weights; null when they are not there or unreadable (then it is no parent). */
    private DualState duals(ModelVersion version, S3Location weights) {
        S3Location location = dualsOf(weights);
        try (InputStream in = store.open(location)) {
            return DualState.read(in);
        } catch (ObjectNotFoundException e) {
            LOG.warn("champion version {} kept no duals at {}", version.version(), location);
            return null;
        } catch (ModelFormatException e) {
            LOG.warn("champion version {}'s duals cannot be read ({})", version.version(), e.getMessage());
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the champion's duals " + location, e);
        }
    }
}
