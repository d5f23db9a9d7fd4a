-- Feedback exports as an outbox: an export first claims its rows (feedback.export_id) in a short transaction, then
-- writes the dataset to S3 outside any transaction, then marks the rows consumed. An export that stopped half-way
-- stays CLAIMED and is finished by the next attempt, with the same rows, the same base and the same file name, so
-- its bytes and SHA-1 are the same and train sees one dataset.
CREATE TABLE feedback_export (
    id                CHAR(36)      NOT NULL,
    state             VARCHAR(16)   NOT NULL COMMENT 'CLAIMED (rows chosen, dataset not marked yet) or DONE',
    base_dataset_path VARCHAR(1024) NULL     COMMENT 'the trained dataset the export adds its rows to',
    dataset_path      VARCHAR(1024) NOT NULL COMMENT 'where the dataset goes',
    dataset_hash      CHAR(40)      NULL     COMMENT 'SHA-1 of the written dataset, once DONE',
    claimed_at        DATETIME(3)   NOT NULL COMMENT 'UTC',
    done_at           DATETIME(3)   NULL     COMMENT 'UTC',
    CONSTRAINT pk_feedback_export PRIMARY KEY (id)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

CREATE INDEX ix_feedback_export_state ON feedback_export (state, claimed_at);

ALTER TABLE feedback ADD COLUMN export_id CHAR(36) NULL COMMENT 'the export that claimed it' AFTER consumed_at;
CREATE INDEX ix_feedback_export_id ON feedback (export_id);
