-- Figures per level of a category tree, for models whose labels are paths (`dairy eggs > yogurt`).
-- model_metrics.f1 and min_f1 keep meaning the leaf level, so the original Grafana queries answer the same thing.
ALTER TABLE model_metrics
    ADD COLUMN hierarchical_f1 DOUBLE NULL COMMENT 'ancestor-augmented F1 when the labels are paths; NULL: flat labels';

CREATE TABLE model_metrics_level (
    metrics_id BIGINT NOT NULL COMMENT 'model_metrics.id',
    level      INT    NOT NULL COMMENT '1 = the top of the tree; the deepest level is the leaves',
    classes    INT    NOT NULL COMMENT 'nodes at this level',
    f1         DOUBLE NOT NULL COMMENT 'macro-F1 over the nodes of this level',
    min_f1     DOUBLE NOT NULL COMMENT 'worst F1 of the nodes present in the data',
    accuracy   DOUBLE NOT NULL,
    CONSTRAINT pk_model_metrics_level PRIMARY KEY (metrics_id, level),
    CONSTRAINT fk_model_metrics_level FOREIGN KEY (metrics_id) REFERENCES model_metrics (id) ON DELETE CASCADE
);

-- Back-off (answer the deepest level whose probability reaches min_confidence): coverage against accuracy.
CREATE TABLE model_metrics_back_off (
    metrics_id     BIGINT NOT NULL COMMENT 'model_metrics.id',
    min_confidence DOUBLE NOT NULL,
    answered       DOUBLE NOT NULL COMMENT 'share of rows answered at level 1 or deeper',
    leaf_answered  DOUBLE NOT NULL COMMENT 'share of rows answered down to the leaf',
    accuracy       DOUBLE NOT NULL COMMENT 'share of the answered rows whose answer lies on the true path',
    CONSTRAINT pk_model_metrics_back_off PRIMARY KEY (metrics_id, min_confidence),
    CONSTRAINT fk_model_metrics_back_off FOREIGN KEY (metrics_id) REFERENCES model_metrics (id) ON DELETE CASCADE
);
