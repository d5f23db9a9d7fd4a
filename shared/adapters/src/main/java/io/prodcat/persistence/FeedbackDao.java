package io.prodcat.persistence;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Corrections from predict's users, waiting to be folded into the next training set. */
@RegisterConstructorMapper(FeedbackRow.class)
public interface FeedbackDao {

    /** @return the new row's id */
    @SqlUpdate("""
            INSERT INTO feedback (text, true_label, predicted_label, model_version, client_id, received_at)
            VALUES (:text, :trueLabel, :predictedLabel, :modelVersion, :clientId, :receivedAt)
            """)
    @GetGeneratedKeys("id")
    long insert(@BindMethods FeedbackRow row);

    @SqlQuery("SELECT * FROM feedback WHERE id = :id")
    Optional<FeedbackRow> findById(@Bind("id") long id);

    /** Rows one client sent since {@code since}. */
    @SqlQuery("SELECT COUNT(*) FROM feedback WHERE client_id = :client AND received_at >= :since")
    long countFromClientSince(@Bind("client") String clientId, @Bind("since") Instant since);

    /** Rows waiting for an export: not consumed and not claimed by one. */
    @SqlQuery("SELECT COUNT(*) FROM feedback WHERE consumed_dataset_hash IS NULL AND export_id IS NULL")
    long countUnclaimed();

    /** Unconsumed rows, oldest first. */
    @SqlQuery("SELECT * FROM feedback WHERE consumed_dataset_hash IS NULL ORDER BY id LIMIT :limit")
    List<FeedbackRow> unconsumed(@Bind("limit") int limit);

    /**
     * Feedback on {@code modelVersion}'s answers received in [from, to) that says what the model answered: how many
     * rows, and how many of them the model had right.
     */
    @SqlQuery("""
            SELECT COUNT(*) AS scored, COALESCE(SUM(predicted_label = true_label), 0) AS agreed
            FROM feedback
            WHERE model_version = :version AND predicted_label IS NOT NULL
              AND received_at >= :from AND received_at < :to
            """)
    @RegisterConstructorMapper(ScoredFeedback.class)
    ScoredFeedback scoredBetween(
            @Bind("version") String modelVersion, @Bind("from") Instant from, @Bind("to") Instant to);

    /**
     * Feedback received in [from, to) on texts a shadow version also answered (its answers are in
     * {@code prediction_log} under its version, matched by the text's hash): how many, and how many it had right.
     */
    @SqlQuery("""
            SELECT COUNT(*) AS scored, COALESCE(SUM(shadow.label = feedback.true_label), 0) AS agreed
            FROM feedback
            JOIN (SELECT DISTINCT text_hash, label FROM prediction_log
                  WHERE model_version = :version AND predicted_at >= :from AND predicted_at < :to) AS shadow
              ON shadow.text_hash = LEFT(SHA2(feedback.text, 256), 16)
            WHERE (feedback.model_version IS NULL OR feedback.model_version <> :version)
              AND feedback.received_at >= :from AND feedback.received_at < :to
            """)
    @RegisterConstructorMapper(ScoredFeedback.class)
    ScoredFeedback shadowScoredBetween(
            @Bind("version") String shadowVersion, @Bind("from") Instant from, @Bind("to") Instant to);

    /** @see #scoredBetween */
    record ScoredFeedback(long scored, long agreed) {}
}
