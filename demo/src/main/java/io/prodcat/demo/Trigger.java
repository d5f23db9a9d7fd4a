package io.prodcat.demo;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * One Knative Trigger as the demo's router uses it: exact-match attribute filter, subscriber Service name, and
 * the OIDC audience its deliveries' tokens are for, and its delivery settings (retries, exponential or linear backoff). Read from knative/triggers.yaml, so the demo
 * routes exactly as the cluster does.
 */
public record Trigger(
        String name,
        Map<String, String> filter,
        String subscriber,
        String audience,
        int retry,
        boolean exponential,
        Duration backoffDelay) {

    boolean matches(Map<String, String> attributes) {
        return filter.entrySet().stream().allMatch(f -> f.getValue().equals(attributes.get(f.getKey())));
    }

    /** The delay before retry {@code attempt} (1-based), as Knative computes it. */
    Duration backoff(int attempt) {
        return exponential ? backoffDelay.multipliedBy(1L << (attempt - 1)) : backoffDelay.multipliedBy(attempt);
    }

    public static List<Trigger> readAll(Path manifests) throws IOException {
        List<Trigger> triggers = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(manifests);
                MappingIterator<JsonNode> documents =
                        new YAMLMapper().readerFor(JsonNode.class).readValues(reader)) {
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                if (document != null && "Trigger".equals(document.path("kind").asString(""))) {
                    triggers.add(of(document));
                }
            }
        }
        if (triggers.isEmpty()) {
            throw new IllegalStateException("no Trigger in " + manifests);
        }
        return List.copyOf(triggers);
    }

    private static Trigger of(JsonNode trigger) {
        JsonNode spec = trigger.path("spec");
        Map<String, String> filter = new LinkedHashMap<>();
        spec.path("filter")
                .path("attributes")
                .properties()
                .forEach(e -> filter.put(e.getKey(), e.getValue().asString()));
        JsonNode delivery = spec.path("delivery");
        String subscriber = spec.path("subscriber").path("ref").path("name").asString();
        return new Trigger(
                trigger.path("metadata").path("name").asString(),
                Map.copyOf(filter),
                subscriber,
                spec.path("subscriber").path("audience").asString(subscriber),
                delivery.path("retry").asInt(0),
                !"linear".equals(delivery.path("backoffPolicy").asString("exponential")),
                Duration.parse(delivery.path("backoffDelay").asString("PT1S")));
    }
}
