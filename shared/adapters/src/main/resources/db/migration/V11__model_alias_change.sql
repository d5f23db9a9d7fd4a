-- Every move of a model alias (champion, challenger): who moved it, when and why. The history of rollbacks and
-- promotions in both registry modes; in ledger mode (no MLflow) also where the aliases live: an alias names the
-- version of its latest row (NULL: removed).
CREATE TABLE model_alias_change (
    id               BIGINT        NOT NULL AUTO_INCREMENT,
    model_name       VARCHAR(255)  NOT NULL,
    alias            VARCHAR(32)   NOT NULL,
    version          VARCHAR(32)   NULL     COMMENT 'the version the alias names from now on; NULL: alias removed',
    previous_version VARCHAR(32)   NULL     COMMENT 'the version it named before',
    changed_by       VARCHAR(255)  NOT NULL COMMENT 'API client, JWT subject or function',
    reason           VARCHAR(1000) NOT NULL,
    changed_at       DATETIME(3)   NOT NULL COMMENT 'UTC',
    CONSTRAINT pk_model_alias_change PRIMARY KEY (id)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

CREATE INDEX ix_model_alias_change_alias ON model_alias_change (model_name, alias, id);
