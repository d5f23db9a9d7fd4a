/**
 * The ledger database: Flyway migrations in {@code db/migration}, {@link io.prodcat.adapters.persistence.Database} for the pool and
 * the Jdbi set-up (UUIDs as text, instants as UTC), and one Jdbi SqlObject DAO per table or view; all SQL of the
 * project outside tests lives in these DAOs.
 */
package io.prodcat.adapters.persistence;
