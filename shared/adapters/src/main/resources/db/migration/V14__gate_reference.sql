-- The gate's trusted reference: rows no training ever sees (train holds their titles out of every training set),
-- on which a candidate must not lose to the champion. The one in force is the row with the highest id; every change
-- is a new row, so the history says who changed it, when and why.
CREATE TABLE gate_reference (
    id         BIGINT        NOT NULL AUTO_INCREMENT,
    created_at DATETIME(3)   NOT NULL COMMENT 'UTC',
    created_by VARCHAR(255)  NOT NULL COMMENT 'evaluate (carved from a training) or the admin who pinned it',
    source     VARCHAR(1024) NOT NULL COMMENT 'where its rows came from',
    reason     VARCHAR(1024) NULL,
    csv_uri    VARCHAR(1024) NOT NULL COMMENT 'the snapshot every gate reads: a text,label CSV',
    csv_sha1   CHAR(40)      NOT NULL,
    row_count  INT           NOT NULL,
    CONSTRAINT pk_gate_reference PRIMARY KEY (id)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- A version's figures on a reference, recorded when the gate scores it: a champion whose weights cannot be loaded
-- is still compared by these.
CREATE TABLE reference_score (
    model_version VARCHAR(32) NOT NULL,
    reference_id  BIGINT      NOT NULL,
    macro_f1      DOUBLE      NOT NULL,
    class_f1      TEXT        NOT NULL COMMENT 'JSON object: class -> F1 on the reference',
    class_rows    TEXT        NOT NULL COMMENT 'JSON object: class -> rows of it in the reference',
    recorded_at   DATETIME(3) NOT NULL COMMENT 'UTC',
    CONSTRAINT pk_reference_score PRIMARY KEY (model_version, reference_id),
    CONSTRAINT fk_reference_score_reference FOREIGN KEY (reference_id) REFERENCES gate_reference (id)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

ALTER TABLE model_metrics
    ADD COLUMN gate_reference_id BIGINT NULL COMMENT 'the trusted reference the gate judged on; NULL: none yet';
