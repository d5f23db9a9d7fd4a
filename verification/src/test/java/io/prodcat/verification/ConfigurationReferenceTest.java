package io.prodcat.verification;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * One name per setting, documented once. Every setting a function binds is in its configuration metadata (generated
 * by Spring Boot's processor from the {@code @ConfigurationProperties} records: name, type, default, description);
 * the settings table of docs/CONFIGURATION.md is rendered from that metadata and must equal it, so a setting read but
 * undocumented, or documented but read nowhere, fails here. The environment variable of a setting is its relaxed
 * binding form; only the names a platform sets ({@code PORT}, {@code K_SINK}, {@code PRODCAT_SECRETS_DIR}) are mapped
 * by a placeholder. The manifests set only documented variables, and OpenFaaS's secrets are named as settings.
 *
 * <p>{@code ./mvnw -pl verification test -Dtest=ConfigurationReferenceTest -Dprodcat.write-docs=true} rewrites the
 * table.
 */
class ConfigurationReferenceTest {

    private static final Path ROOT =
            Path.of(System.getProperty("prodcat.root", "..")).toAbsolutePath().normalize();
    private static final Path DOC = ROOT.resolve("docs/CONFIGURATION.md");
    private static final String BEGIN = "<!-- settings: generated from the configuration metadata by"
            + " ConfigurationReferenceTest; do not edit -->";
    private static final String END = "<!-- end of settings -->";
    private static final List<String> FUNCTIONS = List.of("train", "evaluate", "predict");
    /** Variables a platform sets, mapped to a setting by a placeholder in the functions' Spring configuration. */
    private static final Set<String> PLATFORM_NAMES = Set.of("PORT", "K_SINK", "PRODCAT_SECRETS_DIR");
    /** Variables the manifests may set for a container that are not prodcat settings. */
    private static final Set<String> NOT_OURS = Set.of("PORT", "PROTOCOL", "JAVA_TOOL_OPTIONS");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::[^}]*)?}");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static Map<String, Setting> settings;
    private static Map<String, String> placeholders;

    /** A setting as the metadata has it, with the functions that read it. */
    record Setting(String property, String type, String defaultValue, String description, Set<String> readBy) {}

    @BeforeAll
    static void readMetadata() throws IOException {
        placeholders = placeholders();
        settings = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        for (String module : List.of("support", "train", "evaluate", "predict")) {
            Path metadata =
                    ROOT.resolve("functions/" + module + "/target/classes/META-INF/spring-configuration-metadata.json");
            assertThat(metadata).as("built before this check").isRegularFile();
            Set<String> readers =
                    module.equals("support") ? new LinkedHashSet<>(FUNCTIONS) : new LinkedHashSet<>(List.of(module));
            for (JsonNode property : JSON.readTree(metadata.toFile()).path("properties")) {
                Setting read = new Setting(
                        property.path("name").asString(),
                        property.path("type").asString(),
                        defaultOf(property.path("defaultValue")),
                        text(property.path("description").asString("")),
                        readers);
                if (read.description().isBlank()) {
                    problems.add(read.property() + " (" + module + ") has no description");
                }
                Setting known = settings.get(read.property());
                if (known == null) {
                    settings.put(read.property(), read);
                    continue;
                }
                if (!known.defaultValue().equals(read.defaultValue())
                        || !known.description().equals(read.description())) {
                    problems.add(read.property() + " has two defaults or meanings: " + known + " and " + read);
                }
                Set<String> both = new LinkedHashSet<>(FUNCTIONS);
                both.retainAll(union(known.readBy(), readers));
                settings.put(
                        read.property(),
                        new Setting(known.property(), known.type(), known.defaultValue(), known.description(), both));
            }
        }
        assertThat(problems).as("one default and one meaning per setting").isEmpty();
    }

    @Test
    void theReferenceIsTheMetadata() throws IOException {
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        int begin = doc.indexOf(BEGIN);
        int end = doc.indexOf(END);
        assertThat(begin).as("docs/CONFIGURATION.md has the generated section").isNotNegative();
        assertThat(end).isGreaterThan(begin);
        String rendered = BEGIN + "\n" + table() + END;
        if (Boolean.getBoolean("prodcat.write-docs")) {
            Files.writeString(
                    DOC,
                    doc.substring(0, begin) + rendered + doc.substring(end + END.length()),
                    StandardCharsets.UTF_8);
            return;
        }
        assertThat(doc.substring(begin, end + END.length()))
                .as("docs/CONFIGURATION.md's settings are the configuration metadata (-Dprodcat.write-docs=true"
                        + " rewrites them)")
                .isEqualTo(rendered);
    }

    @Test
    void theFunctionsConfigurationSetsNoDefaultAndMapsOnlyThePlatformsNames() throws IOException {
        assertThat(Set.copyOf(placeholders.values())).isSubsetOf(PLATFORM_NAMES);
        for (Path file : springConfiguration()) {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith("prodcat.")
                        || line.startsWith("minio.")
                        || line.startsWith("mysql.")
                        || line.startsWith("mlflow.")) {
                    assertThat(line)
                            .as(file + ": a setting's default lives on its record, its name comes from the environment")
                            .matches("[a-z.-]+=\\$\\{[A-Z_]+:}");
                }
            }
        }
    }

    @Test
    void theManifestsSetOnlyDocumentedVariablesAndSecretsNamedAsSettings() throws IOException {
        Set<String> documented = new LinkedHashSet<>(NOT_OURS);
        settings.keySet().forEach(property -> documented.add(variableOf(property)));
        Map<String, Set<String>> used = new TreeMap<>();
        YAMLMapper yaml = new YAMLMapper();
        List<Path> manifests = new ArrayList<>();
        for (String folder : List.of("knative", "openfaas")) {
            try (var files = Files.walk(ROOT.resolve(folder))) {
                files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
                        .forEach(manifests::add);
            }
        }
        Set<String> secrets = new TreeSet<>();
        for (Path manifest : manifests) {
            try (var documents = yaml.readerFor(JsonNode.class).readValues(manifest.toFile())) {
                while (documents.hasNext()) {
                    collect((JsonNode) documents.next(), manifest, used, secrets);
                }
            }
        }
        assertThat(used).as("variables the manifests set").isNotEmpty();
        assertThat(used.keySet())
                .as("every variable a manifest sets is a documented setting")
                .isSubsetOf(documented);
        assertThat(secrets).as("OpenFaaS secrets (files named as settings)").isNotEmpty();
        assertThat(secrets).isSubsetOf(settings.keySet());
    }

    /** The environment variable of a setting: the relaxed binding form, or the platform's name for it. */
    static String variableOf(String property) {
        return placeholders.getOrDefault(
                property, property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
    }

    private static String table() {
        StringBuilder table = new StringBuilder("| variable | setting | meaning | default | read by |\n")
                .append("| --- | --- | --- | --- | --- |\n");
        for (Setting setting : settings.values()) {
            table.append("| `")
                    .append(variableOf(setting.property()))
                    .append("` | `")
                    .append(setting.property())
                    .append("` | ")
                    .append(setting.description().replace("|", "\\|"))
                    .append(" | ")
                    .append(setting.defaultValue().isEmpty() ? "—" : "`" + setting.defaultValue() + "`")
                    .append(" | ")
                    .append(String.join(", ", setting.readBy()))
                    .append(" |\n");
        }
        return table.toString();
    }

    private static void collect(JsonNode node, Path manifest, Map<String, Set<String>> used, Set<String> secrets) {
        if (node.isObject()) {
            for (var field : node.properties()) {
                String key = field.getKey();
                JsonNode value = field.getValue();
                if ((key.equals("data") && isOurConfigMap(node)) || key.equals("environment")) {
                    value.propertyNames().forEach(name -> addVariable(name, manifest, used));
                } else if (key.equals("env") && value.isArray()) {
                    value.forEach(entry -> addVariable(entry.path("name").asString(), manifest, used));
                } else if (key.equals("secrets")
                        && value.isArray()
                        && manifest.toString().contains("openfaas")) {
                    value.forEach(secret -> secrets.add(secret.asString()));
                } else {
                    collect(value, manifest, used, secrets);
                }
            }
        } else if (node.isArray()) {
            node.forEach(child -> collect(child, manifest, used, secrets));
        }
    }

    /** The functions' ConfigMap (envFrom); MinIO's own configuration lives in another. */
    private static boolean isOurConfigMap(JsonNode node) {
        return node.path("kind").asString().equals("ConfigMap")
                && node.path("metadata").path("name").asString().equals("prodcat-config");
    }

    private static void addVariable(String name, Path manifest, Map<String, Set<String>> used) {
        if (name.matches("[A-Z][A-Z0-9_]*")) {
            used.computeIfAbsent(name, n -> new TreeSet<>())
                    .add(ROOT.relativize(manifest).toString());
        }
    }

    /** Setting → platform variable, from the placeholders in the functions' Spring configuration. */
    private static Map<String, String> placeholders() throws IOException {
        Map<String, String> found = new LinkedHashMap<>();
        for (Path file : springConfiguration()) {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith("#") || !line.contains("=")) {
                    continue;
                }
                Matcher placeholder = PLACEHOLDER.matcher(line);
                while (placeholder.find()) {
                    found.put(line.substring(0, line.indexOf('=')), placeholder.group(1));
                }
            }
        }
        return found;
    }

    private static List<Path> springConfiguration() {
        List<Path> files = new ArrayList<>();
        files.add(ROOT.resolve("functions/support/src/main/resources/prodcat-function.properties"));
        FUNCTIONS.forEach(
                f -> files.add(ROOT.resolve("functions/" + f + "/src/main/resources/application.properties")));
        return files;
    }

    private static String defaultOf(JsonNode value) {
        if (value.isMissingNode() || value.isNull()) {
            return "";
        }
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            value.forEach(item -> items.add(item.asString()));
            return String.join(",", items);
        }
        return value.asString();
    }

    /** Javadoc as Markdown: {@code x} and {@link X} as code, whitespace as one space. */
    private static String text(String javadoc) {
        return javadoc.replaceAll("\\{@code ([^}]*)}", "`$1`")
                .replaceAll("\\{@link ([^}]*)}", "`$1`")
                .replaceAll("\\s+", " ")
                .strip();
    }

    private static Set<String> union(Set<String> first, Set<String> second) {
        Set<String> all = new LinkedHashSet<>(first);
        all.addAll(second);
        return all;
    }
}
