package io.prodcat.adapters.persistence;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** {@code model_alias_change}: who moved an alias, when and why (V11). */
@RegisterConstructorMapper(AliasChangeDao.Row.class)
public interface AliasChangeDao {

    /** One move; {@code version} null when the alias was removed. */
    record Row(
            String modelName,
            String alias,
            String version,
            String previousVersion,
            String changedBy,
            String reason,
            Instant changedAt) {}

    @SqlUpdate("""
            INSERT INTO model_alias_change
                (model_name, alias, version, previous_version, changed_by, reason, changed_at)
            VALUES (:modelName, :alias, :version, :previousVersion, :changedBy, :reason, :changedAt)
            """)
    void insert(@BindMethods Row row);

    /** The alias' latest move, if it ever moved. */
    @SqlQuery("""
            SELECT model_name, alias, version, previous_version, changed_by, reason, changed_at
            FROM model_alias_change WHERE model_name = :name AND alias = :alias ORDER BY id DESC LIMIT 1
            """)
    Optional<Row> latest(@Bind("name") String name, @Bind("alias") String alias);

    /** Whether the alias ever named that version (a retired challenger is not put on trial again by a redelivery). */
    @SqlQuery("""
            SELECT COUNT(*) > 0 FROM model_alias_change
            WHERE model_name = :name AND alias = :alias AND version = :version
            """)
    boolean everNamed(@Bind("name") String name, @Bind("alias") String alias, @Bind("version") String version);

    /** The model's latest moves, newest first. */
    @SqlQuery("""
            SELECT model_name, alias, version, previous_version, changed_by, reason, changed_at
            FROM model_alias_change WHERE model_name = :name ORDER BY id DESC LIMIT :limit
            """)
    List<Row> history(@Bind("name") String name, @Bind("limit") int limit);
}
