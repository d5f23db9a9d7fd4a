package io.prodcat.testkit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PythonVenvTest {

    @Test
    void missingPythonFailsWithWhatToInstallOrConfigure(@TempDir Path dir) throws Exception {
        Path requirements = Files.writeString(dir.resolve("requirements.txt"), "mlflow==3.17.2\n");
        PythonVenv venv = new PythonVenv(
                dir.resolve("venv"),
                requirements,
                dir.resolve("no-such-python3").toString());

        assertThatThrownBy(() -> venv.ensureInstalled("mlflow"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("python3 is not on the PATH")
                .hasMessageContaining("apt-get install python3 python3-venv")
                .hasMessageContaining("MLFLOW_TRACKING_URI");
    }
}
