-- Corrections sent to predict. A row is consumed when it is written into a new training dataset; the
-- training that consumed it is the auto_training row whose dataset_hash equals consumed_dataset_hash.
CREATE TABLE feedback (
    id                    BIGINT        NOT NULL AUTO_INCREMENT,
    text                  VARCHAR(2000) NOT NULL,
    true_label            VARCHAR(255)  NOT NULL,
    predicted_label       VARCHAR(255)  NULL,
    model_version         VARCHAR(32)   NULL,
    received_at           DATETIME(3)   NOT NULL COMMENT 'UTC',
    consumed_dataset_hash CHAR(40)      NULL     COMMENT 'SHA-1 of the dataset that included it',
    consumed_dataset_path VARCHAR(1024) NULL,
    consumed_at           DATETIME(3)   NULL,
    CONSTRAINT pk_feedback PRIMARY KEY (id)
);

CREATE INDEX ix_feedback_consumed ON feedback (consumed_dataset_hash);
CREATE INDEX ix_feedback_received ON feedback (received_at);
