-- The training ledger. The first ten columns are the original system's, with its names.
-- Times are UTC (DATETIME has no zone; the Jdbi mapping in Database writes and reads UTC).
CREATE TABLE auto_training (
    id              CHAR(36)      NOT NULL,
    training_date   DATETIME(3)   NOT NULL COMMENT 'start of the current attempt',
    dataset_hash    CHAR(40)      NOT NULL COMMENT 'SHA-1 of the dataset bytes, hex',
    dataset_path    VARCHAR(1024) NOT NULL COMMENT 's3://bucket/key',
    run_id          VARCHAR(64)   NULL     COMMENT 'MLflow run id (32 hex)',
    best_checkpoint VARCHAR(64)   NULL,
    f1              DOUBLE        NULL     COMMENT 'best checkpoint, validation macro-F1',
    min_f1          DOUBLE        NULL     COMMENT 'best checkpoint, validation worst-class F1',
    weights_s3      VARCHAR(1024) NULL,
    status          VARCHAR(16)   NOT NULL,
    -- added for operators
    config_hash     CHAR(40)      NOT NULL COMMENT 'SHA-1 of the training configuration',
    error           TEXT          NULL     COMMENT 'why it FAILED or was INTERRUPTED',
    finished_at     DATETIME(3)   NULL,
    duration_ms     BIGINT        NULL,
    attempt         INT           NOT NULL DEFAULT 1,
    CONSTRAINT pk_auto_training PRIMARY KEY (id),
    -- one training per (dataset, configuration): concurrent duplicate events collide here
    CONSTRAINT uq_auto_training_dataset_config UNIQUE (dataset_hash, config_hash),
    CONSTRAINT ck_auto_training_status CHECK (status IN ('RUNNING', 'FINISHED', 'FAILED', 'INTERRUPTED')),
    CONSTRAINT ck_auto_training_hash CHECK (dataset_hash REGEXP '^[0-9a-f]{40}$')
);

CREATE INDEX ix_auto_training_date ON auto_training (training_date);
