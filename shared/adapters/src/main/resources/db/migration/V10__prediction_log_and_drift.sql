-- What predict answered (a configurable sample), written in batches from an in-memory buffer; the drift check
-- compares its recent window with the champion's reference. Rows older than the retention setting are deleted.
CREATE TABLE prediction_log (
    id              BIGINT        NOT NULL AUTO_INCREMENT,
    predicted_at    DATETIME(3)   NOT NULL COMMENT 'UTC',
    model_version   VARCHAR(32)   NOT NULL,
    label           VARCHAR(255)  NOT NULL COMMENT 'the answer (the leaf of a path label)',
    probability     DOUBLE        NOT NULL COMMENT 'its probability',
    top_label       VARCHAR(255)  NULL     COMMENT 'level-1 category of a path label; NULL for flat labels',
    top_probability DOUBLE        NULL,
    text_length     INT           NOT NULL COMMENT 'characters',
    text_hash       CHAR(16)      NOT NULL COMMENT 'first 8 bytes of the SHA-256 of the text, hex',
    text            VARCHAR(2000) NULL     COMMENT 'the text itself, only with PRODCAT_LOG_TEXTS=true',
    CONSTRAINT pk_prediction_log PRIMARY KEY (id)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

CREATE INDEX ix_prediction_log_version_time ON prediction_log (model_version, predicted_at);
CREATE INDEX ix_prediction_log_time ON prediction_log (predicted_at);

-- One row per test of one drift check (check_id groups them).
CREATE TABLE drift_metrics (
    id            BIGINT        NOT NULL AUTO_INCREMENT,
    check_id      CHAR(36)      NOT NULL,
    checked_at    DATETIME(3)   NOT NULL COMMENT 'UTC',
    model_version VARCHAR(32)   NOT NULL COMMENT 'the champion whose answers were compared',
    window_start  DATETIME(3)   NOT NULL COMMENT 'UTC',
    window_end    DATETIME(3)   NOT NULL COMMENT 'UTC',
    window_size   INT           NOT NULL COMMENT 'predictions (feedback rows for feedback_accuracy) in the window',
    test          VARCHAR(32)   NOT NULL COMMENT 'psi, chi_square, js_distance, ks_confidence, domain_auc, feedback_accuracy',
    statistic     DOUBLE        NULL,
    p_value       DOUBLE        NULL     COMMENT 'for the hypothesis tests',
    threshold     DOUBLE        NULL     COMMENT 'the statistic''s (or p-value''s) alarm level',
    verdict       VARCHAR(16)   NOT NULL COMMENT 'drift, no_drift or not_enough_data',
    detail        VARCHAR(2000) NULL     COMMENT 'e.g. the n-grams that separate recent titles from the reference',
    CONSTRAINT pk_drift_metrics PRIMARY KEY (id),
    CONSTRAINT uq_drift_metrics_test UNIQUE (check_id, test)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

CREATE INDEX ix_drift_metrics_checked ON drift_metrics (checked_at);
