package io.prodcat.adapters.persistence;

import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.argument.AbstractArgumentFactory;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.config.ConfigRegistry;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/**
 * Schema migration and the {@link Jdbi} set-up every module uses. Times are stored as UTC wall-clock
 * {@code DATETIME}s whatever the JVM's or the server's zone, so Grafana and the code read the same instant.
 */
public final class Database {

    private Database() {}

    /**
     * A connection pool for the ledger database. It starts even while the database is down: the requests that
     * need it then fail (and are retried) instead of the function failing to start.
     */
    public static com.zaxxer.hikari.HikariDataSource pooledDataSource(String url, String user, String password) {
        com.zaxxer.hikari.HikariConfig config = new com.zaxxer.hikari.HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(8);
        config.setInitializationFailTimeout(-1);
        config.setConnectionTimeout(5_000); // an outage answers 503 within seconds, not after Hikari's default 30 s
        // a JDBC batch (the drift check's and the evaluation's rows) as one multi-row INSERT
        config.addDataSourceProperty("rewriteBatchedStatements", "true");
        // the same few statements over and over: parse each once per connection
        config.addDataSourceProperty("cachePrepStmts", "true");
        return new com.zaxxer.hikari.HikariDataSource(config);
    }

    /** Applies the Flyway migrations in {@code db/migration}; safe to run on every start-up. */
    public static void migrate(DataSource dataSource) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
    }

    /** A thread-safe Jdbi with SqlObject DAOs, UUIDs as CHAR(36) and instants as UTC DATETIMEs. */
    public static Jdbi jdbi(DataSource dataSource) {
        Jdbi jdbi = Jdbi.create(dataSource).installPlugin(new SqlObjectPlugin());
        jdbi.registerArgument(new UuidAsText());
        jdbi.registerArgument(new InstantAsUtcDateTime());
        jdbi.registerColumnMapper(UUID.class, (rs, column, ctx) -> {
            String text = rs.getString(column);
            return text == null ? null : UUID.fromString(text);
        });
        jdbi.registerColumnMapper(Instant.class, (rs, column, ctx) -> {
            LocalDateTime utc = rs.getObject(column, LocalDateTime.class);
            return utc == null ? null : utc.toInstant(ZoneOffset.UTC);
        });
        return jdbi;
    }

    private static final class UuidAsText extends AbstractArgumentFactory<UUID> {
        UuidAsText() {
            super(Types.CHAR);
        }

        @Override
        protected Argument build(UUID value, ConfigRegistry config) {
            return (position, statement, ctx) -> statement.setString(position, value.toString());
        }
    }

    private static final class InstantAsUtcDateTime extends AbstractArgumentFactory<Instant> {
        InstantAsUtcDateTime() {
            super(Types.TIMESTAMP);
        }

        @Override
        protected Argument build(Instant value, ConfigRegistry config) {
            return (position, statement, ctx) ->
                    statement.setObject(position, LocalDateTime.ofInstant(value, ZoneOffset.UTC));
        }
    }
}
