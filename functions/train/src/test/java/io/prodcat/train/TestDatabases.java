package io.prodcat.train;

import io.prodcat.testing.MariaDbServer;

/** Credentials of the run's database server, for the Spring properties. */
final class TestDatabases {

    private static MariaDbServer server;

    private TestDatabases() {
    }

    static void remember(MariaDbServer mariaDb) {
        server = mariaDb;
    }

    static String user() {
        return server.user();
    }

    static String password() {
        return server.password();
    }
}
