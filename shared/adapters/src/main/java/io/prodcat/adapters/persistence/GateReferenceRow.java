package io.prodcat.adapters.persistence;

import java.time.Instant;

/**
 * One trusted reference of the quality gate ({@code gate_reference}): where its rows came from and the snapshot the
 * gate reads.
 *
 * @param createdBy {@code evaluate} when carved from a training's holdout, else the admin who pinned it
 * @param source    where its rows came from, in words
 * @param csvUri    s3:// URI of the snapshot (columns {@code text,label})
 */
public record GateReferenceRow(
        Long id,
        Instant createdAt,
        String createdBy,
        String source,
        String reason,
        String csvUri,
        String csvSha1,
        int rowCount) {}
