package io.prodcat.predict;

import io.prodcat.adapters.persistence.Database;
import io.prodcat.engine.model.ModelFile;
import io.prodcat.testkit.FunctionServers;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jdbi.v3.core.Jdbi;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * What most predict ITs start from: a migrated database of their own on the shared MariaDB, a small model written to
 * a file, and predict serving that file (PRODCAT_MODEL_URI) without MLflow.
 *
 * @param model the model file, named as the version predict reports
 */
record ServedFileModel(Jdbi jdbi, Path model) {

    /** A database named after {@code purpose} and {@link TestModels#trained} with its labels as they are. */
    static ServedFileModel create(FunctionServers.Servers servers, String modelFileName) throws Exception {
        return create(servers, modelFileName, TestModels.trained(label -> label));
    }

    /** The same, serving {@code classifier}. */
    static ServedFileModel create(
            FunctionServers.Servers servers, String modelFileName, io.prodcat.engine.model.LinearClassifier classifier)
            throws Exception {
        var dataSource = servers.dataSource();
        Database.migrate(dataSource);
        Path model = Files.createTempDirectory("prodcat-served-").resolve(modelFileName);
        ModelFile.write(classifier, model);
        return new ServedFileModel(Database.jdbi(dataSource), model);
    }

    /** PRODCAT_MODEL_URI = the file (the database and no MLflow come with {@code @FunctionServers}). */
    void register(DynamicPropertyRegistry registry) {
        registry.add("prodcat.model.uri", () -> model.toUri().toString());
    }
}
