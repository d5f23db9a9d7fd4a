package io.prodcat.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How {@code --images} reads knative/ into podman's options (the containers themselves: ImagesDemoIT). */
class ServiceContainerTest {

    private static final Path ROOT = Path.of(System.getProperty("prodcat.root", ".."));

    @Test
    void predictRunsAsItsServiceSays() throws Exception {
        ServiceContainer predict = ServiceContainer.read(ROOT, "predict");

        assertThat(predict.options())
                .containsSubsequence("--read-only", "--read-only-tmpfs=false")
                .contains("--cap-drop=ALL", "no-new-privileges", "/tmp:rw,mode=1777,size=256m")
                .containsSubsequence("--memory", "384m", "--memory-swap", "384m");
        // the ConfigMap's settings, and the Secrets' variables left for the demo to supply
        assertThat(predict.environment()).containsEntry("PRODCAT_EVENTS_AUTH_MODE", "oidc");
        assertThat(predict.secrets()).contains("MYSQL_PASSWORD", "PRODCAT_ACCESS_API_KEYS");
    }

    @Test
    void aSecretTheServiceReadsMustBeSuppliedAndValuesStayOffTheCommandLine() throws Exception {
        ServiceContainer predict = ServiceContainer.read(ROOT, "predict");

        assertThatThrownBy(() -> predict.command("image", "name", Map.of("MYSQL_PASSWORD", "x"), List.of()))
                .hasMessageContaining("PRODCAT_ACCESS_API_KEYS");
        Map<String, String> all = new java.util.HashMap<>();
        predict.secrets().forEach(name -> all.put(name, "secret-value-" + name));
        List<String> command = predict.command("image", "name", all, List.of(Path.of("/tokens")));
        assertThat(command)
                .contains("--env", "MYSQL_PASSWORD", "/tokens:/tokens:ro")
                .last()
                .isEqualTo("image");
        assertThat(String.join(" ", command)).doesNotContain("secret-value-");
    }

    @Test
    void kubernetesQuantitiesBecomePodmanSizes() {
        assertThat(ServiceContainer.quantity("256Mi")).isEqualTo("256m");
        assertThat(ServiceContainer.quantity("1Gi")).isEqualTo("1g");
        assertThat(ServiceContainer.quantity("")).isEmpty();
        assertThatThrownBy(() -> ServiceContainer.quantity("1.5G")).hasMessageContaining("1.5G");
    }
}
