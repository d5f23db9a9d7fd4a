package io.prodcat.adapters.persistence;

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
            INSERT INTO feedback (text, true_label, predicted_label, model_version, served_label, client_id, received_at)
            VALUES (:text, :trueLabel, :predictedLabel, :modelVersion, :servedLabel, :clientId, :receivedAt)
            """)
    @GetGeneratedKeys("id")
    long insert(@BindMethods FeedbackRow row);

    @SqlQuery("SELECT * FROM feedback WHERE id = :id")
    Optional<FeedbackRow> findById(@Bind("id") long id);

    /** Rows one client sent since {@code since}. */
    @SqlQuery("SELECT COUNT(*) FROM feedback WHERE client_id = :client AND received_at >= :since")
    long countFromClientSince(@Bind("client") String clientId, @Bind("since") Instant since);

    /** How many rows of each client went into exported datasets since {@code since}. */
    @SqlQuery("""
            SELECT client_id AS group_name, COUNT(*) AS rows_ FROM feedback WHERE consumed_at >= :since GROUP BY client_id
            """)
    @RegisterConstructorMapper(GroupCount.class)
    List<GroupCount> exportedPerClientSince(@Bind("since") Instant since);

    /** How many corrections (label other than the served model's answer) each client sent since {@code since}. */
    @SqlQuery("""
            SELECT client_id AS group_name, COUNT(*) AS rows_ FROM feedback
             WHERE received_at >= :since AND (served_label IS NULL OR served_label <> true_label)
             GROUP BY client_id
            """)
    @RegisterConstructorMapper(GroupCount.class)
    List<GroupCount> correctionsPerClientSince(@Bind("since") Instant since);

    /** How many corrections into each class went into exported datasets since {@code since}. */
    @SqlQuery("""
            SELECT true_label AS group_name, COUNT(*) AS rows_ FROM feedback
             WHERE consumed_at >= :since AND (served_label IS NULL OR served_label <> true_label)
             GROUP BY true_label
            """)
    @RegisterConstructorMapper(GroupCount.class)
    List<GroupCount> exportedCorrectionsPerClassSince(@Bind("since") Instant since);

    /** A client's or a class's count of rows. */
    record GroupCount(
            @org.jdbi.v3.core.mapper.reflect.ColumnName("group_name")
            String name,

            @org.jdbi.v3.core.mapper.reflect.ColumnName("rows_")
            long rows) {}

    /** How many rows of each client are held and not decided. */
    @SqlQuery("""
            SELECT client_id AS group_name, COUNT(*) AS rows_ FROM feedback
             WHERE held_reason IS NOT NULL AND review_decision IS NULL GROUP BY client_id
            """)
    @RegisterConstructorMapper(GroupCount.class)
    List<GroupCount> heldPerClient();

    /** Rows held out of training sets and not dropped, oldest first. */
    @SqlQuery("""
            SELECT * FROM feedback WHERE held_reason IS NOT NULL AND review_decision IS NULL ORDER BY id LIMIT :limit
            """)
    List<FeedbackRow> held(@Bind("limit") int limit);

    /**
     * An admin's decision on rows that are held or still wait (for a quorum, say), not yet in an export: APPROVED rows
     * wait for the next export past the policy, DROPPED rows stay out for good (held with the reason "dropped").
     *
     * @return how many rows it decided
     */
    @SqlUpdate("""
            UPDATE feedback
               SET review_decision = :decision, reviewed_by = :by, reviewed_at = :at,
                   held_reason = CASE WHEN :decision = 'APPROVED' THEN NULL
                                      ELSE COALESCE(held_reason, 'dropped by an admin') END,
                   held_at = CASE WHEN :decision = 'APPROVED' THEN held_at ELSE COALESCE(held_at, :at) END
             WHERE review_decision IS NULL AND consumed_dataset_hash IS NULL AND export_id IS NULL
               AND (id IN (<ids>) OR client_id = :client)
            """)
    int review(
            @org.jdbi.v3.sqlobject.customizer.BindList(
                            value = "ids",
                            onEmpty = org.jdbi.v3.sqlobject.customizer.BindList.EmptyHandling.NULL_STRING)
                    java.util.Collection<Long> ids,
            @Bind("client") String client,
            @Bind("decision") String decision,
            @Bind("by") String by,
            @Bind("at") Instant at);

    /**
     * Holds waiting rows out of training sets, with the reason, for an admin's review.
     *
     * @return how many it held
     */
    @SqlUpdate("""
            UPDATE feedback SET held_reason = LEFT(:reason, 1000), held_at = :at
             WHERE id IN (<ids>) AND consumed_dataset_hash IS NULL AND export_id IS NULL AND held_reason IS NULL
            """)
    int hold(
            @org.jdbi.v3.sqlobject.customizer.BindList("ids") java.util.Collection<Long> ids,
            @Bind("reason") String reason,
            @Bind("at") Instant at);

    /** Rows waiting for an export: not consumed and not claimed by one. */
    @SqlQuery("""
            SELECT COUNT(*) FROM feedback
             WHERE consumed_dataset_hash IS NULL AND export_id IS NULL AND held_reason IS NULL
            """)
    long countUnclaimed();

    /** Unconsumed rows that are not held, oldest first. */
    @SqlQuery("""
            SELECT * FROM feedback WHERE consumed_dataset_hash IS NULL AND held_reason IS NULL ORDER BY id LIMIT :limit
            """)
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
