package io.prodcat.adapters.tracking;

import java.util.Map;

/**
 * One registered version of a model.
 *
 * @param name      registered model name
 * @param version   version number as the registry writes it ("1", "2", …)
 * @param sourceUri where the version's files are (the weights' s3:// URI)
 * @param runId     the run that produced it
 * @param tags      version tags
 */
public record ModelVersion(String name, String version, String sourceUri, String runId, Map<String, String> tags) {

    public ModelVersion {
        tags = Map.copyOf(tags);
    }
}
