package io.prodcat.adapters.persistence;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The feedback export outbox: claim rows, write the dataset elsewhere, then mark them (see V8). */
@RegisterConstructorMapper(FeedbackExport.class)
public interface FeedbackExportDao {

    /**
     * How many exports wrote a dataset with this SHA-1 and feedback rows were consumed into it: none means the dataset
     * holds no feedback.
     */
    @SqlQuery("""
            SELECT (SELECT COUNT(*) FROM feedback_export WHERE dataset_hash = :datasetHash)
                 + (SELECT COUNT(*) FROM feedback WHERE consumed_dataset_hash = :datasetHash)
            """)
    long feedbackIn(@Bind("datasetHash") String datasetHash);

    /** The oldest export that claimed rows but did not finish. */
    @SqlQuery("SELECT * FROM feedback_export WHERE state = 'CLAIMED' ORDER BY claimed_at, id LIMIT 1")
    Optional<FeedbackExport> unfinished();

    @SqlUpdate("""
            INSERT INTO feedback_export (id, state, base_dataset_path, dataset_path, claimed_at)
            VALUES (:id, :state, :baseDatasetPath, :datasetPath, :claimedAt)
            """)
    void insert(@BindMethods FeedbackExport export);

    /** Rows neither consumed, claimed nor held, oldest first. */
    @SqlQuery("""
            SELECT * FROM feedback
             WHERE consumed_dataset_hash IS NULL AND export_id IS NULL AND held_reason IS NULL
             ORDER BY id LIMIT :limit
            """)
    @RegisterConstructorMapper(FeedbackRow.class)
    List<FeedbackRow> unclaimed(@Bind("limit") int limit);

    /** @return how many of the rows it claimed (others were claimed or consumed meanwhile) */
    @SqlUpdate("""
            UPDATE feedback SET export_id = :exportId
             WHERE id IN (<ids>) AND export_id IS NULL AND consumed_dataset_hash IS NULL
            """)
    int claim(@BindList("ids") Collection<Long> ids, @Bind("exportId") String exportId);

    @SqlQuery("SELECT * FROM feedback WHERE export_id = :exportId ORDER BY id")
    @RegisterConstructorMapper(FeedbackRow.class)
    List<FeedbackRow> claimedBy(@Bind("exportId") String exportId);

    @SqlUpdate("""
            UPDATE feedback
               SET consumed_dataset_hash = :datasetHash, consumed_dataset_path = :datasetPath, consumed_at = :at
             WHERE export_id = :exportId AND consumed_dataset_hash IS NULL
            """)
    int markConsumed(
            @Bind("exportId") String exportId,
            @Bind("datasetHash") String datasetHash,
            @Bind("datasetPath") String datasetPath,
            @Bind("at") Instant at);

    @SqlUpdate("UPDATE feedback_export SET state = 'DONE', dataset_hash = :datasetHash, done_at = :at WHERE id = :id")
    int finish(@Bind("id") String id, @Bind("datasetHash") String datasetHash, @Bind("at") Instant at);
}
