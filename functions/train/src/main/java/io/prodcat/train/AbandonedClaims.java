package io.prodcat.train;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Trainings this instance gave up without being able to tell the ledger (the database failed too), so their rows
 * still say RUNNING. A redelivery to this instance takes such a row over at once instead of answering "in progress"
 * until the RUNNING timeout; on other instances the timeout applies.
 */
final class AbandonedClaims {

    private final Set<UUID> ids = ConcurrentHashMap.newKeySet();

    void add(UUID id) {
        ids.add(id);
    }

    boolean contains(UUID id) {
        return ids.contains(id);
    }

    void remove(UUID id) {
        ids.remove(id);
    }
}
