package io.prodcat.demo;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * A function's image run with podman as its Knative Service ({@code knative/<function>.yaml}) runs it: the
 * ConfigMap's and the Service's environment, the Service's security context (read-only root filesystem, all
 * capabilities dropped, no privilege escalation, a non-root user, which the image must name), its emptyDir volumes as
 * tmpfs of their size limit (and no other writable path), and its memory limit. Read from the manifests, so that the
 * two cannot drift; only what points at the cluster (its servers, secrets and token issuer) is replaced by the
 * demo's.
 *
 * @param function    train, evaluate or predict
 * @param environment the ConfigMap's data and the Service's literal {@code env}, in that order
 * @param secrets     the variables the Service reads from Secrets: the demo must supply each
 * @param options     podman's options for the security context, volumes and memory limit
 */
record ServiceContainer(String function, Map<String, String> environment, List<String> secrets, List<String> options) {

    /** podman as it runs here (../shared/docs/containers.md): runc, and limits within the sandbox's. */
    static final List<String> PODMAN = List.of("podman", "--runtime", "runc");

    static ServiceContainer read(Path root, String function) throws IOException {
        JsonNode service = document(root.resolve("knative/" + function + ".yaml"), "Service");
        JsonNode pod = service.path("spec").path("template").path("spec");
        JsonNode container = pod.path("containers").path(0);
        Map<String, String> environment = new LinkedHashMap<>();
        for (JsonNode source : container.path("envFrom")) {
            String name = source.path("configMapRef").path("name").asString("");
            JsonNode configMap = document(root.resolve("knative/config.yaml"), "ConfigMap");
            if (!name.equals(configMap.path("metadata").path("name").asString())) {
                throw new IllegalStateException("knative/" + function + ".yaml reads ConfigMap " + name
                        + ", which knative/config.yaml does not define");
            }
            configMap
                    .path("data")
                    .properties()
                    .forEach(e -> environment.put(e.getKey(), e.getValue().asString()));
        }
        List<String> secrets = new ArrayList<>();
        for (JsonNode variable : container.path("env")) {
            String name = variable.path("name").asString();
            if (variable.has("value")) {
                environment.put(name, variable.path("value").asString());
            } else if (variable.path("valueFrom").has("secretKeyRef")) {
                secrets.add(name);
            } else {
                throw new IllegalStateException("knative/" + function + ".yaml: " + name + " comes from neither a"
                        + " value nor a Secret; the demo does not know how to set it");
            }
        }
        return new ServiceContainer(function, environment, List.copyOf(secrets), options(function, pod, container));
    }

    private static List<String> options(String function, JsonNode pod, JsonNode container) {
        List<String> options = new ArrayList<>();
        JsonNode security = container.path("securityContext");
        if (security.path("readOnlyRootFilesystem").asBoolean(false)) {
            // podman would otherwise mount writable tmpfs on /tmp, /run and /var/tmp by itself
            options.addAll(List.of("--read-only", "--read-only-tmpfs=false"));
        }
        if (!security.path("allowPrivilegeEscalation").asBoolean(true)) {
            options.addAll(List.of("--security-opt", "no-new-privileges"));
        }
        for (JsonNode dropped : security.path("capabilities").path("drop")) {
            options.add("--cap-drop=" + dropped.asString());
        }
        Map<String, String> emptyDirs = new TreeMap<>();
        for (JsonNode volume : pod.path("volumes")) {
            if (!volume.has("emptyDir")) {
                throw new IllegalStateException("knative/" + function + ".yaml: volume "
                        + volume.path("name").asString() + " is not an emptyDir; the demo runs only those");
            }
            emptyDirs.put(
                    volume.path("name").asString(),
                    quantity(volume.path("emptyDir").path("sizeLimit").asString("")));
        }
        for (JsonNode mount : container.path("volumeMounts")) {
            String size = emptyDirs.get(mount.path("name").asString());
            options.addAll(List.of(
                    "--tmpfs",
                    mount.path("mountPath").asString() + ":rw,mode=1777" + (size.isEmpty() ? "" : ",size=" + size)));
        }
        String memory = quantity(
                container.path("resources").path("limits").path("memory").asString(""));
        if (!memory.isEmpty()) {
            // no swap beyond the limit, as on a Kubernetes node
            options.addAll(List.of("--memory", memory, "--memory-swap", memory));
        }
        return List.copyOf(options);
    }

    /** A Kubernetes quantity (256Mi, 1Gi) as podman's size (256m, 1g); empty stays empty. */
    static String quantity(String kubernetes) {
        if (kubernetes.isEmpty()) {
            return "";
        }
        if (!kubernetes.matches("\\d+(Ki|Mi|Gi)")) {
            throw new IllegalStateException("a size the demo cannot translate: " + kubernetes);
        }
        return kubernetes.substring(0, kubernetes.length() - 2)
                + Character.toLowerCase(kubernetes.charAt(kubernetes.length() - 2));
    }

    /**
     * The command that runs {@code image} in the foreground as the Service would, on the host's network (the
     * demo's servers are on its loopback), with the manifests' environment and the demo's on top.
     *
     * @param demo       the demo's environment: its servers, secrets, issuer and settings
     * @param hostDirs   directories on this machine holding files the function is told to read (the sink's
     *                   token): mounted read-only at the same paths
     */
    List<String> command(String image, String containerName, Map<String, String> demo, List<Path> hostDirs) {
        List<String> missing =
                secrets.stream().filter(name -> !demo.containsKey(name)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException(
                    "knative/" + function + ".yaml reads " + missing + " from Secrets; the demo supplies none of them");
        }
        List<String> command = new ArrayList<>(PODMAN);
        command.addAll(List.of(
                "run",
                "--rm",
                "--name",
                containerName,
                "--network",
                "host",
                "--ulimit",
                "nofile=1024:1024",
                "--ulimit",
                "nproc=1024:1024"));
        command.addAll(options);
        for (Path dir : hostDirs) {
            command.addAll(List.of("-v", dir + ":" + dir + ":ro"));
        }
        // the values go through the environment of podman itself, never on its command line
        environmentWith(demo).keySet().forEach(name -> command.addAll(List.of("--env", name)));
        command.add(image);
        return command;
    }

    /** The container's environment: the manifests', with the demo's on top (podman's own environment carries it). */
    Map<String, String> environmentWith(Map<String, String> demo) {
        Map<String, String> env = new LinkedHashMap<>(environment);
        env.putAll(demo);
        return env;
    }

    /** The variables {@link #command} sets whose values differ from the manifests': the demo's replacements. */
    List<String> replaced(Map<String, String> demo) {
        return demo.entrySet().stream()
                .filter(e -> environment.containsKey(e.getKey())
                        && !environment.get(e.getKey()).equals(e.getValue()))
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
    }

    private static JsonNode document(Path manifest, String kind) throws IOException {
        try (Reader reader = Files.newBufferedReader(manifest);
                MappingIterator<JsonNode> documents =
                        new YAMLMapper().readerFor(JsonNode.class).readValues(reader)) {
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                if (document != null && kind.equals(document.path("kind").asString(""))) {
                    return document;
                }
            }
        }
        throw new IllegalStateException("no " + kind + " in " + manifest);
    }
}
