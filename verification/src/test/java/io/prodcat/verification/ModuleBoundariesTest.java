package io.prodcat.verification;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package rules of docs/ARCHITECTURE.md, one per root, checked on the compiled classes of every module (the
 * build's enforcer rules check the same on the dependencies). A rule whose packages hold no class fails, so a rename
 * cannot leave a rule checking nothing.
 */
class ModuleBoundariesTest {

    private static final String ENGINE = "io.prodcat.engine..";
    private static final String EVENTS = "io.prodcat.events..";
    private static final String ADAPTERS = "io.prodcat.adapters..";
    private static final String CLI = "io.prodcat.cli..";
    private static final String SUPPORT = "io.prodcat.function.support..";
    private static final String TESTKIT = "io.prodcat.testkit..";
    private static final String TRAIN = "io.prodcat.train..";
    private static final String EVALUATE = "io.prodcat.evaluate..";
    private static final String PREDICT = "io.prodcat.predict..";
    private static final String DEMO = "io.prodcat.demo..";
    private static final String[] FUNCTIONS = {TRAIN, EVALUATE, PREDICT};
    private static final String[] LIBRARIES = {
        "org.springframework..",
        "io.minio..",
        "org.mlflow..",
        "org.jdbi..",
        "org.flywaydb..",
        "com.zaxxer..",
        "com.mysql..",
        "picocli..",
        "io.cloudevents.."
    };
    /** The event contracts may use the CloudEvents SDK (the envelope), nothing else of these. */
    private static final String[] FRAMEWORK_AND_CLIENTS =
            Stream.of(LIBRARIES).filter(p -> !p.equals("io.cloudevents..")).toArray(String[]::new);

    private static JavaClasses classes;

    /** Every module's own compiled classes (the function jars are Spring Boot jars: their classes are not on a class path). */
    @BeforeAll
    static void importEveryModule() throws IOException {
        Path root = Path.of(System.getProperty("prodcat.root", ".."));
        List<Path> compiled;
        try (Stream<Path> modules = Stream.of("shared", "functions")
                .flatMap(ModuleBoundariesTest::children)
                .filter(module -> Files.isRegularFile(module.resolve("pom.xml")))) {
            compiled = Stream.concat(modules, Stream.of(root.resolve("demo")))
                    .map(module -> module.resolve("target/classes"))
                    .toList();
        }
        assertThat(compiled).allSatisfy(dir -> assertThat(dir).isDirectory());
        classes = new ClassFileImporter().importPaths(compiled);
    }

    private static Stream<Path> children(String folder) {
        try {
            return Files.list(Path.of(System.getProperty("prodcat.root", "..")).resolve(folder)).toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void engineUsesNoneOfOurOtherCodeAndNoFrameworkOrClientLibrary() {
        noClasses()
                .that()
                .resideInAPackage(ENGINE)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(all(LIBRARIES, FUNCTIONS, EVENTS, ADAPTERS, CLI, SUPPORT, TESTKIT, DEMO))
                .check(classes);
    }

    @Test
    void eventContractsUseNoneOfOurOtherCodeAndNoFrameworkButCloudEvents() {
        noClasses()
                .that()
                .resideInAPackage(EVENTS)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        all(FRAMEWORK_AND_CLIENTS, FUNCTIONS, ENGINE, ADAPTERS, CLI, SUPPORT, TESTKIT, DEMO))
                .check(classes);
    }

    @Test
    void adaptersUseTheEngineOnlyAndNoFramework() {
        noClasses()
                .that()
                .resideInAPackage(ADAPTERS)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        all(FUNCTIONS, EVENTS, CLI, SUPPORT, TESTKIT, DEMO, "org.springframework..", "picocli.."))
                .check(classes);
    }

    @Test
    void commandLineUsesNoFunctionCode() {
        noClasses()
                .that()
                .resideInAPackage(CLI)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(all(FUNCTIONS, SUPPORT, TESTKIT, DEMO))
                .check(classes);
    }

    @Test
    void functionSupportKnowsNoFunction() {
        noClasses()
                .that()
                .resideInAPackage(SUPPORT)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(all(FUNCTIONS, CLI, TESTKIT, DEMO, "picocli.."))
                .check(classes);
    }

    @Test
    void eachFunctionUsesNoOtherFunctionNorTheCommandLine() {
        for (String function : FUNCTIONS) {
            String[] others =
                    Stream.of(FUNCTIONS).filter(f -> !f.equals(function)).toArray(String[]::new);
            noClasses()
                    .that()
                    .resideInAPackage(function)
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(all(others, CLI, TESTKIT, DEMO, "picocli.."))
                    .check(classes);
        }
    }

    /** predict's layers, lowest first: log, serving, then rollout and feedback (apart), then api; the root wires. */
    @Test
    void predictsSubsystemsDependDownwardOnly() {
        String log = "io.prodcat.predict.log..";
        String serving = "io.prodcat.predict.serving..";
        String rollout = "io.prodcat.predict.rollout..";
        String feedback = "io.prodcat.predict.feedback..";
        String api = "io.prodcat.predict.api..";
        mayNotUse(log, serving, rollout, feedback, api);
        mayNotUse(serving, rollout, feedback, api);
        mayNotUse(rollout, feedback, api);
        mayNotUse(feedback, rollout, api);
    }

    /** evaluate's gate, rollout check and drift check are apart; the orchestration in the root uses them. */
    @Test
    void evaluatesSubsystemsAreApart() {
        String gate = "io.prodcat.evaluate.gate..";
        String rollout = "io.prodcat.evaluate.rollout..";
        String drift = "io.prodcat.evaluate.drift..";
        mayNotUse(gate, rollout, drift);
        mayNotUse(rollout, gate, drift);
        mayNotUse(drift, gate, rollout);
    }

    @Test
    void testHarnessUsesNoneOfOurCode() {
        noClasses()
                .that()
                .resideInAPackage(TESTKIT)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(all(FUNCTIONS, ENGINE, EVENTS, ADAPTERS, CLI, SUPPORT, DEMO))
                .check(classes);
    }

    private static void mayNotUse(String packages, String... forbidden) {
        noClasses()
                .that()
                .resideInAPackage(packages)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(forbidden)
                .check(classes);
    }

    private static String[] all(String[] first, String... rest) {
        return Stream.concat(Stream.of(first), Stream.of(rest)).toArray(String[]::new);
    }

    private static String[] all(String[] first, String[] second, String... rest) {
        return all(Stream.concat(Stream.of(first), Stream.of(second)).toArray(String[]::new), rest);
    }
}
