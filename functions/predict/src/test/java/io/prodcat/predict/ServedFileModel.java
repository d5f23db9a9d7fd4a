package io.prodcat.predict;

import io.prodcat.adapters.persistence.Database;
import io.prodcat.engine.model.ModelFile;
import io.prodcat.testkit.MariaDbServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jdbi.v3.core.Jdbi;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * What most predict ITs start from: a migrated database of their own on the shared MariaDB, a small model written to
 * a file, and predict serving that file (MODEL_URI) without MLflow.
 *
 * @param model the model file, named as the version predict reports
 */
record ServedFileModel(MariaDbServer mariaDb, String jdbcUrl, Jdbi jdbi, Path model) {

    /** A database named after {@code purpose} and {@link TestModels#trained} with its labels as they are. */
    static ServedFileModel create(MariaDbServer mariaDb, String purpose, String modelFileName) throws Exception {
        return create(mariaDb, purpose, modelFileName, TestModels.trained(label -> label));
    }

    /** The same, serving {@code classifier}. */
    static ServedFileModel create(
            MariaDbServer mariaDb,
            String purpose,
            String modelFileName,
            io.prodcat.engine.model.LinearClassifier classifier)
            throws Exception {
        String jdbcUrl = mariaDb.createDatabase(purpose);
        var dataSource = mariaDb.dataSource(jdbcUrl);
        Database.migrate(dataSource);
        Path model = Files.createTempDirectory("prodcat-" + purpose).resolve(modelFileName);
        ModelFile.write(classifier, model);
        return new ServedFileModel(mariaDb, jdbcUrl, Database.jdbi(dataSource), model);
    }

    /** The database, no MLflow, and MODEL_URI = the file. */
    void register(DynamicPropertyRegistry registry) {
        mariaDb.registerProperties(registry::add, jdbcUrl);
        registry.add("prodcat.mlflow.tracking-uri", () -> "none");
        registry.add("prodcat.model.uri", () -> model.toUri().toString());
    }
}
