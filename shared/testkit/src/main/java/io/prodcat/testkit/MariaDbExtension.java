package io.prodcat.testkit;

/** Injects the run's {@link MariaDbServer} ({@code @ExtendWith(MariaDbExtension.class)}). */
public final class MariaDbExtension extends SharedServerExtension<MariaDbServer> {

    public MariaDbExtension() {
        super(MariaDbServer.class, MariaDbServer::start);
    }
}
