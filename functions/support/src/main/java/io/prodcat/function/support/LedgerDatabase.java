package io.prodcat.function.support;

import com.zaxxer.hikari.HikariDataSource;
import io.prodcat.adapters.persistence.Database;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;

/**
 * The ledger database, migrated on first use: a function that needs it only for some requests (predict's feedback)
 * starts without it, and one whose database is down starts anyway and answers 503 until it is back.
 */
public final class LedgerDatabase implements Supplier<Jdbi> {

    private final Supplier<HikariDataSource> dataSource;
    private volatile Jdbi jdbi;

    /** {@code dataSource} is asked for the pool once, on first use. */
    public LedgerDatabase(Supplier<HikariDataSource> dataSource) {
        this.dataSource = dataSource;
    }

    /** The migrated database's Jdbi; the first call makes the pool and applies the Flyway migrations. */
    @Override
    public Jdbi get() {
        if (jdbi == null) {
            synchronized (this) {
                if (jdbi == null) {
                    HikariDataSource pool = dataSource.get();
                    Database.migrate(pool);
                    jdbi = Database.jdbi(pool);
                }
            }
        }
        return jdbi;
    }
}
