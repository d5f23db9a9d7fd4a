package io.prodcat.predict.serving;

import io.prodcat.engine.model.LinearClassifier;
import java.time.Instant;

/**
 * The model being served, immutable: requests read one reference to it, so an answer always comes from one
 * whole model even while another is swapped in.
 *
 * @param version  registry version, or the file name when served from PRODCAT_MODEL_URI
 * @param source   where it was loaded from
 * @param loadMillis time to read and decode the file
 */
public record LoadedModel(
        String version, String source, LinearClassifier classifier, Instant loadedAt, long loadMillis) {}
