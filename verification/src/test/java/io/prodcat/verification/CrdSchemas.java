package io.prodcat.verification;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * JSON schemas made from CustomResourceDefinitions at test time, the way openapi2jsonschema does for kubeconform
 * in strict mode: each served version's {@code openAPIV3Schema}, with unknown fields refused wherever the CRD
 * lists the properties (unless it says x-kubernetes-preserve-unknown-fields), int-or-string as either, and
 * {@code nullable} as allowing null.
 */
final class CrdSchemas {

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4);

    private final Map<String, Schema> byKindAndApiVersion = new HashMap<>();

    /** Reads every CRD in the YAML files of {@code directory}. */
    static CrdSchemas read(Path directory) throws IOException {
        CrdSchemas schemas = new CrdSchemas();
        try (var files = Files.list(directory)) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                for (JsonNode document : documents(file)) {
                    if ("CustomResourceDefinition".equals(document.path("kind").asString(""))) {
                        schemas.add(document);
                    }
                }
            }
        }
        return schemas;
    }

    /** The schemas of one CRD given as a document. */
    static CrdSchemas of(JsonNode crd) {
        CrdSchemas schemas = new CrdSchemas();
        schemas.add(crd);
        return schemas;
    }

    static List<JsonNode> documents(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file);
                MappingIterator<JsonNode> documents =
                        YAML.readerFor(JsonNode.class).readValues(reader)) {
            return documents.readAll().stream()
                    .filter(d -> d != null && !d.isNull() && !d.isMissingNode())
                    .toList();
        }
    }

    private void add(JsonNode crd) {
        String group = crd.path("spec").path("group").asString();
        String kind = crd.path("spec").path("names").path("kind").asString();
        for (JsonNode version : crd.path("spec").path("versions")) {
            JsonNode openApi = version.path("schema").path("openAPIV3Schema");
            if (version.path("served").asBoolean(true) && openApi.isObject()) {
                ObjectNode strict = (ObjectNode) strict(openApi.deepCopy());
                // every object has these, though not every CRD's schema lists them (Knative's often do not)
                ObjectNode properties = strict.has("properties")
                        ? (ObjectNode) strict.get("properties")
                        : strict.putObject("properties");
                properties.putObject("apiVersion").put("type", "string");
                properties.putObject("kind").put("type", "string");
                if (!properties.has("metadata")) {
                    properties.putObject("metadata").put("type", "object");
                }
                byKindAndApiVersion.put(
                        kind + " " + group + "/" + version.path("name").asString(), REGISTRY.getSchema(strict));
            }
        }
    }

    /** The schema for a manifest's kind and apiVersion, or null when no CRD defines it. */
    Schema forManifest(JsonNode manifest) {
        return byKindAndApiVersion.get(manifest.path("kind").asString("") + " "
                + manifest.path("apiVersion").asString(""));
    }

    int size() {
        return byKindAndApiVersion.size();
    }

    private static JsonNode strict(JsonNode node) {
        if (node instanceof ObjectNode object) {
            if (object.path("x-kubernetes-int-or-string").asBoolean(false)) {
                object.remove("type");
                ArrayNode either = object.putArray("oneOf");
                either.addObject().put("type", "string");
                either.addObject().put("type", "integer");
            }
            if (object.path("nullable").asBoolean(false) && object.path("type").isString()) {
                ArrayNode types = JsonNodeFactory.instance
                        .arrayNode()
                        .add(object.path("type").asString())
                        .add("null");
                object.set("type", types);
            }
            if (object.has("properties")
                    && !object.has("additionalProperties")
                    && !object.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
                object.put("additionalProperties", false);
            }
            for (Iterator<Map.Entry<String, JsonNode>> fields =
                            object.properties().iterator();
                    fields.hasNext(); ) {
                strict(fields.next().getValue());
            }
        } else if (node instanceof ArrayNode array) {
            array.forEach(CrdSchemas::strict);
        }
        return node;
    }
}
