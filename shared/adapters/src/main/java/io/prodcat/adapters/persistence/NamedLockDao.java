package io.prodcat.adapters.persistence;

import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/**
 * MySQL's named locks: one holder across every connection to the ledger, held by the connection (the handle this is
 * attached to) until released or closed.
 */
public interface NamedLockDao {

    /** 1 when this connection holds {@code name} now, 0 after waiting {@code seconds}, null on an error. */
    @SqlQuery("SELECT GET_LOCK(:name, :seconds)")
    Integer acquire(@Bind("name") String name, @Bind("seconds") int seconds);

    @SqlQuery("SELECT RELEASE_LOCK(:name)")
    Integer release(@Bind("name") String name);
}
