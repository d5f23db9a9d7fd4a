package io.prodcat.demo;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module rule of docs/ARCHITECTURE.md, checked on the compiled classes of the shared modules (the build's
 * enforcer rules check the same on the dependencies): the engine and the event contracts use no adapter, framework or
 * client library; adapters use no event contract or function plumbing; the test harness uses none of our code.
 */
class ModuleBoundariesTest {

    private static final String[] ENGINE = {
        "io.prodcat.engine.dataset..",
        "io.prodcat.engine.features..",
        "io.prodcat.engine.training..",
        "io.prodcat.engine.evaluation..",
        "io.prodcat.engine.model.."
    };
    private static final String[] ADAPTERS = {
        "io.prodcat.adapters.storage..", "io.prodcat.adapters.tracking..", "io.prodcat.adapters.persistence.."
    };
    private static final String[] LIBRARIES = {
        "org.springframework..",
        "io.minio..",
        "org.mlflow..",
        "org.jdbi..",
        "org.flywaydb..",
        "com.zaxxer..",
        "com.mysql..",
        "picocli.."
    };

    private static JavaClasses shared;

    @BeforeAll
    static void importSharedModules() {
        shared = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.prodcat");
    }

    @Test
    void engineUsesNoAdapterEventCliOrClientLibrary() {
        noClasses()
                .that()
                .resideInAnyPackage(ENGINE)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(concat(
                        ADAPTERS,
                        LIBRARIES,
                        "io.prodcat.events..",
                        "io.prodcat.cli..",
                        "io.prodcat.function.support..",
                        "io.cloudevents.."))
                .check(shared);
    }

    @Test
    void eventContractsUseNoEngineAdapterOrFramework() {
        noClasses()
                .that()
                .resideInAPackage("io.prodcat.events..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(concat(ENGINE, ADAPTERS, LIBRARIES))
                .check(shared);
    }

    @Test
    void adaptersUseNoEventContractFrameworkOrFunctionPlumbing() {
        noClasses()
                .that()
                .resideInAnyPackage(ADAPTERS)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.prodcat.events..",
                        "io.prodcat.function.support..",
                        "io.prodcat.cli..",
                        "org.springframework..",
                        "picocli..")
                .check(shared);
    }

    @Test
    void testkitUsesNoneOfOurCode() {
        noClasses()
                .that()
                .resideInAPackage("io.prodcat.testkit..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(concat(
                        ENGINE, ADAPTERS, "io.prodcat.events..", "io.prodcat.cli..", "io.prodcat.function.support.."))
                .check(shared);
    }

    private static String[] concat(String[] first, String... rest) {
        String[] all = java.util.Arrays.copyOf(first, first.length + rest.length);
        System.arraycopy(rest, 0, all, first.length, rest.length);
        return all;
    }

    private static String[] concat(String[] first, String[] second, String... rest) {
        return concat(concat(first, second), rest);
    }
}
