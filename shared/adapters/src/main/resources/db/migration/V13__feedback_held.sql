-- What the feedback policy needs to judge a row, and what it decided. served_label: what the served model answered
-- for the text when the row came in (a row whose label differs is a correction; the caller's predicted_label is not
-- trusted for this). A held row is neither waiting nor consumed: its dataset failed to train (the rows would be lost
-- with it), or the policy holds it for an admin's review; an admin approves it (it waits again, past the policy) or
-- drops it (it stays out for good).
ALTER TABLE feedback
    ADD COLUMN served_label    VARCHAR(255)  NULL COMMENT 'the served model''s answer at intake' AFTER model_version,
    ADD COLUMN held_reason     VARCHAR(1000) NULL COMMENT 'why it is held; NULL when it is not' AFTER export_id,
    ADD COLUMN held_at         DATETIME(3)   NULL COMMENT 'UTC' AFTER held_reason,
    ADD COLUMN review_decision VARCHAR(16)   NULL COMMENT 'APPROVED or DROPPED by an admin' AFTER held_at,
    ADD COLUMN reviewed_by     VARCHAR(255)  NULL AFTER review_decision,
    ADD COLUMN reviewed_at     DATETIME(3)   NULL COMMENT 'UTC' AFTER reviewed_by;

CREATE INDEX ix_feedback_consumed_at ON feedback (consumed_at);
