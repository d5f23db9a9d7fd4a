-- One row per evaluation of a trained model on one set of data. The original system's Grafana panels
-- read (timestamp, f1) and (timestamp, min_f1) from here; keep those names.
CREATE TABLE model_metrics (
    id            BIGINT       NOT NULL AUTO_INCREMENT,
    timestamp     DATETIME(3)  NOT NULL COMMENT 'when the evaluation ran, UTC',
    f1            DOUBLE       NOT NULL COMMENT 'macro-F1',
    min_f1        DOUBLE       NOT NULL COMMENT 'worst F1 of the classes present in the data',
    accuracy      DOUBLE       NOT NULL,
    weighted_f1   DOUBLE       NOT NULL,
    run_id        VARCHAR(64)  NOT NULL COMMENT 'MLflow run id',
    training_id   CHAR(36)     NOT NULL COMMENT 'auto_training.id',
    model_version VARCHAR(32)  NULL     COMMENT 'registry version, once registered',
    evaluated_on  VARCHAR(32)  NOT NULL COMMENT 'which data: holdout, test, feedback',
    sample_count  INT          NOT NULL COMMENT 'rows the figures were measured on',
    CONSTRAINT pk_model_metrics PRIMARY KEY (id),
    -- a redelivered evaluation event cannot add a second row
    CONSTRAINT uq_model_metrics_training_data UNIQUE (training_id, evaluated_on),
    CONSTRAINT fk_model_metrics_training FOREIGN KEY (training_id) REFERENCES auto_training (id)
);

CREATE INDEX ix_model_metrics_timestamp ON model_metrics (timestamp);
