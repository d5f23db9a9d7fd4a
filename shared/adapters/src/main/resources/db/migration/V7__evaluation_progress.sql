-- Evaluate's progress on the holdout row, so that a redelivery resumes at the first unfinished step
-- (scored -> reported -> registered -> gated -> alias set) instead of taking a half-done evaluation for a done one.
ALTER TABLE model_metrics
    ADD COLUMN reported      BOOLEAN       NOT NULL DEFAULT FALSE COMMENT 'figures and charts logged to the run',
    ADD COLUMN gate_verdict  VARCHAR(16)   NULL COMMENT 'PROMOTE or KEEP, once the quality gate judged',
    ADD COLUMN gate_reason   VARCHAR(1024) NULL,
    ADD COLUMN gate_champion VARCHAR(32)   NULL COMMENT 'the champion version the gate compared against; NULL: none';
