package io.prodcat.testkit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A function's integration test on the run's MariaDB and S3 (each started once per run): a database of the class's
 * own, and in the function's Spring context the S3, MySQL and tracking settings pointing at them (tracking off: the
 * registry is the ledger). {@code @BeforeAll} and test methods get the {@link Servers} by parameter; a test's own
 * {@code @DynamicPropertySource} still overrides any of these settings (a proxy in front of S3, MLflow on).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@ExtendWith(FunctionServersExtension.class)
public @interface FunctionServers {

    /** What the class's database is named after (a run-unique suffix is added). */
    String database();

    /** The servers one test class uses and its database. */
    record Servers(MariaDbServer mariaDb, S3Server s3, String jdbcUrl) {

        public DataSource dataSource() {
            return mariaDb.dataSource(jdbcUrl);
        }

        /** The settings that point a function at these servers. */
        public Map<String, Object> properties() {
            Map<String, Object> properties = new LinkedHashMap<>();
            s3.registerProperties((name, value) -> properties.put(name, value.get()));
            mariaDb.registerProperties((name, value) -> properties.put(name, value.get()), jdbcUrl);
            properties.put("mlflow.tracking-uri", "none");
            return properties;
        }
    }
}
