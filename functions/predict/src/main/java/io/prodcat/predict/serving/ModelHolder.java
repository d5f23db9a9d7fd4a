package io.prodcat.predict.serving;

import io.prodcat.adapters.storage.ModelFiles;
import io.prodcat.adapters.storage.ObjectStore;
import io.prodcat.adapters.storage.S3Location;
import io.prodcat.adapters.tracking.ModelRegistry;
import io.prodcat.adapters.tracking.ModelVersion;
import io.prodcat.engine.model.LinearClassifier;
import io.prodcat.engine.model.ModelFile;
import io.prodcat.function.support.BadInput;
import io.prodcat.predict.DaemonThreads;
import io.prodcat.predict.PredictProperties;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Holds the served model and swaps it atomically. Loading happens on one background thread, so requests never
 * wait for it and never see a half-loaded model; a failed load keeps the previous model.
 */
public class ModelHolder implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ModelHolder.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Heap a model needs while loading, per byte of its file (docs/OPERATIONS.md, Sizing: about 2.2). */
    static final double LOAD_BYTES_PER_FILE_BYTE = 2.2;

    private final AtomicReference<LoadedModel> current = new AtomicReference<>();
    /** The version on trial beside the champion (shadow or canary), while the registry names one. */
    private final AtomicReference<LoadedModel> challenger = new AtomicReference<>();

    private final AtomicReference<String> loadingChallenger = new AtomicReference<>();
    /** The challenger version whose last load failed, so that its retries do not repeat the warning. */
    private final AtomicReference<String> failedChallenger = new AtomicReference<>();

    private volatile boolean followsChallenger;
    private final AtomicReference<String> lastFailure = new AtomicReference<>("not loaded yet");
    private final ExecutorService loader = Executors.newSingleThreadExecutor(DaemonThreads.named("model-loader"));
    private final ScheduledExecutorService poller =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("champion-poll"));
    private volatile boolean pollFailing;
    /** The version {@link #reload} is loading, if any. */
    private final AtomicReference<String> loading = new AtomicReference<>();

    private final ObjectStore store;
    private final ModelRegistry registry;
    private final PredictProperties.Model settings;
    private final ServingMetrics metrics;

    public ModelHolder(
            ObjectStore store, ModelRegistry registry, PredictProperties.Model settings, ServingMetrics metrics) {
        this.store = store;
        this.registry = registry;
        this.settings = settings;
        this.metrics = metrics;
    }

    public Optional<LoadedModel> current() {
        return Optional.ofNullable(current.get());
    }

    /** The challenger, while one is on trial and loaded (only with a rollout mode; {@link #followTheChampion}). */
    public Optional<LoadedModel> challenger() {
        return Optional.ofNullable(challenger.get());
    }

    /** Why there is no model, while there is none. */
    public String whyNotLoaded() {
        return lastFailure.get();
    }

    /** Loads what the configuration names (PRODCAT_MODEL_URI, else the champion) in the background. */
    public Future<?> reloadConfigured() {
        return loader.submit(() -> swapIn(this::resolveConfigured));
    }

    /** Loads a registered version in the background, if its file lies in the model bucket (else {@link BadInput}). */
    public Future<?> load(ModelVersion version) {
        return reload(version.version(), inModelBucket(version, settings).toString());
    }

    /** Where a registered version's file lies, if in the model bucket: predict loads no file from anywhere else. */
    public static S3Location inModelBucket(ModelVersion version, PredictProperties.Model settings) {
        S3Location source;
        try {
            source = S3Location.parse(version.sourceUri());
        } catch (IllegalArgumentException e) {
            throw new BadInput("the model file of version " + version.version() + " is not in S3: refused");
        }
        if (!source.bucket().equals(settings.bucket())) {
            throw new BadInput("the model file of version " + version.version() + " is outside the model bucket '"
                    + settings.bucket() + "'");
        }
        return source;
    }

    /** Loads a given version (from a model.promoted event) in the background. */
    public Future<?> reload(String version, String weightsUri) {
        loading.set(version);
        return loader.submit(() -> {
            try {
                swapIn(() -> new Resolved(version, weightsUri));
            } finally {
                loading.compareAndSet(version, null);
            }
        });
    }

    private void swapIn(java.util.function.Supplier<Resolved> resolver) {
        long start = System.nanoTime();
        try {
            Resolved resolved = resolver.get();
            LoadedModel loaded = readModel(resolved.version(), resolved.uri(), start);
            current.set(loaded);
            metrics.loaded(loaded);
            referenceCounts(resolved.uri()).ifPresent(counts -> metrics.reference(loaded, counts));
            LOG.info(
                    "serving model version {} from {} (loaded in {} ms, {} labels)",
                    loaded.version(),
                    loaded.source(),
                    loaded.loadMillis(),
                    loaded.classifier().labels().size());
        } catch (RuntimeException e) {
            failed(e.getMessage());
            metrics.loadFailed((System.nanoTime() - start) / 1_000_000);
        } catch (OutOfMemoryError e) {
            // the arrays of the model being read are garbage now; without this the Future would swallow the error
            failed(doesNotFitTheHeap());
            metrics.loadFailed((System.nanoTime() - start) / 1_000_000);
        }
    }

    private static String doesNotFitTheHeap() {
        return "the model does not fit the heap (" + Runtime.getRuntime().maxMemory() / (1024 * 1024)
                + " MB): give the function more memory or train a smaller model (docs/OPERATIONS.md, Sizing)";
    }

    private void failed(String why) {
        lastFailure.set(why);
        LOG.warn(
                "model load failed, keeping {}: {}",
                current().map(LoadedModel::version).orElse("no model"),
                why);
    }

    private Resolved resolveConfigured() {
        if (!settings.servesTheChampion()) {
            String uri = settings.uri();
            return new Resolved(Path.of(URI.create(uri).getPath()).getFileName().toString(), uri);
        }
        ModelVersion champion = registry.findByAlias(settings.name(), "champion")
                .orElseThrow(() -> new IllegalStateException("registered model '" + settings.name()
                        + "' has no champion yet, and PRODCAT_MODEL_URI is not set"));
        return new Resolved(champion.version(), champion.sourceUri());
    }

    private LoadedModel readModel(String version, String uri, long startNanos) {
        LinearClassifier classifier = read(uri);
        return new LoadedModel(version, uri, classifier, Instant.now(), (System.nanoTime() - startNanos) / 1_000_000);
    }

    /**
     * Reads at most the configured size. A model whose file is known to need more than the whole heap to load (about
     * {@value #LOAD_BYTES_PER_FILE_BYTE} × its size: the file's bytes and the model built from them) is refused before
     * a byte is read: running out of memory for real while the rest of the function is still starting (the load
     * runs beside start-up) could fail another thread's allocation and stop the function.
     */
    private LinearClassifier read(String uri) {
        long size = uri.startsWith("file:")
                ? fileSize(Path.of(URI.create(uri)))
                : store.sizeOf(S3Location.parse(uri)).orElse(0);
        if (size * LOAD_BYTES_PER_FILE_BYTE > Runtime.getRuntime().maxMemory()) {
            throw new IllegalStateException(doesNotFitTheHeap());
        }
        try (InputStream in = uri.startsWith("file:")
                ? Files.newInputStream(Path.of(URI.create(uri)))
                : store.open(S3Location.parse(uri))) {
            return ModelFile.read(in, settings.maxBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model " + uri, e);
        }
    }

    /**
     * The label counts of the model's drift reference (written by evaluate), for the served-versus-reference panel;
     * empty for a {@code file:} model, one evaluated before references existed, or a store that cannot be read now.
     */
    private Optional<Map<String, Integer>> referenceCounts(String uri) {
        if (!uri.startsWith("s3:")) {
            return Optional.empty();
        }
        try (InputStream in = store.open(ModelFiles.driftReferenceOf(uri))) {
            Map<String, Integer> counts = new TreeMap<>();
            JSON.readTree(in)
                    .path("labelCounts")
                    .properties()
                    .forEach(
                            entry -> counts.put(entry.getKey(), entry.getValue().asInt()));
            return Optional.of(counts);
        } catch (IOException | RuntimeException e) {
            LOG.info("no drift reference for {}: {}", uri, e.getMessage());
            return Optional.empty();
        }
    }

    private static long fileSize(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model " + file.toUri(), e);
        }
    }

    /**
     * Checks the registry's champion every {@code championPoll} and loads it when it is not the version served: how
     * every instance follows a rollback made on one of them (or by the command line) within seconds. A registry
     * outage is logged once per streak and changes nothing. With {@code challengerToo} (a rollout mode) the alias
     * {@code challenger} is followed the same way: loaded when it names a version that is not the champion, let go
     * when it is removed.
     */
    public void followTheChampion(boolean challengerToo) {
        if (!settings.servesTheChampion() || settings.championPoll().isZero()) {
            return;
        }
        followsChallenger = challengerToo;
        long every = Math.max(100, settings.championPoll().toMillis());
        poller.scheduleWithFixedDelay(this::checkTheChampion, every, every, TimeUnit.MILLISECONDS);
    }

    private void checkTheChampion() {
        try {
            Optional<ModelVersion> champion = registry.findByAlias(settings.name(), "champion");
            boolean moved = champion.isPresent()
                    && current()
                            .map(LoadedModel::version)
                            .filter(champion.get().version()::equals)
                            .isEmpty()
                    && !champion.get().version().equals(loading.get()); // not again while it is being loaded
            if (moved) {
                ModelVersion version = champion.get();
                LOG.info("the registry's champion is now version {}: loading it", version.version());
                load(version);
            }
            if (followsChallenger) {
                followTheChallenger(champion.map(ModelVersion::version).orElse(null));
            }
            pollFailing = false;
        } catch (RuntimeException e) {
            if (!pollFailing) {
                LOG.warn("cannot check the registry's champion, serving what is loaded: {}", e.getMessage());
                pollFailing = true;
            }
        }
    }

    private void followTheChallenger(String championVersion) {
        Optional<ModelVersion> named = registry.findByAlias(settings.name(), "challenger")
                .filter(version -> !version.version().equals(championVersion));
        if (named.isEmpty()) {
            LoadedModel before = challenger.getAndSet(null);
            if (before != null) {
                LOG.info("no challenger any more: version {} let go", before.version());
            }
            return;
        }
        ModelVersion version = named.get();
        boolean loaded = challenger()
                .map(LoadedModel::version)
                .filter(version.version()::equals)
                .isPresent();
        if (loaded || version.version().equals(loadingChallenger.get())) {
            return;
        }
        S3Location source = inModelBucket(version, settings);
        loadingChallenger.set(version.version());
        loader.submit(() -> {
            try {
                challenger.set(readModel(version.version(), source.toString(), System.nanoTime()));
                failedChallenger.set(null);
                LOG.info("challenger version {} loaded from {}", version.version(), source);
            } catch (RuntimeException | OutOfMemoryError e) {
                // tried again at every poll (a store outage heals), but said once per version
                if (!version.version().equals(failedChallenger.getAndSet(version.version()))) {
                    LOG.warn(
                            "challenger version {} could not be loaded (trying again at each poll): {}",
                            version.version(),
                            e.getMessage());
                }
            } finally {
                loadingChallenger.compareAndSet(version.version(), null);
            }
        });
    }

    @Override
    public void close() {
        poller.shutdownNow();
        loader.shutdownNow();
    }

    private record Resolved(String version, String uri) {}
}
