-- Where a training started (issue 39): the registry's champion it followed, and whether the warm start (one checkpoint
-- at the parent's setting) or the cold path was kept, with both validation scores. NULL when it had no parent.
ALTER TABLE auto_training
    ADD COLUMN parent_version     VARCHAR(32) NULL COMMENT 'registry version of the model it followed',
    ADD COLUMN parent_training_id CHAR(36)    NULL COMMENT 'auto_training.id of that model',
    ADD COLUMN start_choice       VARCHAR(4)  NULL COMMENT 'warm or cold: what validation kept',
    ADD COLUMN warm_f1            DOUBLE      NULL COMMENT 'validation macro-F1 of the checkpoint at the parent setting',
    ADD COLUMN cold_check_f1      DOUBLE      NULL COMMENT 'validation macro-F1 of the cold check on a sample',
    ADD CONSTRAINT ck_auto_training_start CHECK (start_choice IN ('warm', 'cold'));
