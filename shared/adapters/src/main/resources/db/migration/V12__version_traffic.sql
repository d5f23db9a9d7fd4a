-- What each predict instance did with each model version, minute by minute: the online figures the rollout check
-- (evaluate's POST /rollout) judges a challenger and a fresh champion by. Instances add to their own row of the
-- minute every few seconds (INSERT … ON DUPLICATE KEY UPDATE); the check sums them over instances and minutes.
CREATE TABLE version_traffic (
    model_version  VARCHAR(32)  NOT NULL,
    minute         DATETIME     NOT NULL COMMENT 'UTC, the minute the counts belong to',
    instance_id    CHAR(36)     NOT NULL COMMENT 'the predict instance (a random id per start)',
    answered       BIGINT       NOT NULL DEFAULT 0 COMMENT 'requests this version answered',
    failed         BIGINT       NOT NULL DEFAULT 0 COMMENT 'requests this version was chosen for and failed (5xx)',
    compared       BIGINT       NOT NULL DEFAULT 0 COMMENT 'a challenger''s requests scored by both versions (shadow: it scored the champion''s requests off the request path; canary: the champion scored its)',
    agreed         BIGINT       NOT NULL DEFAULT 0 COMMENT 'of those, both gave the same label',
    shadow_failed  BIGINT       NOT NULL DEFAULT 0 COMMENT 'shadow scorings by this version that threw',
    compare_dropped BIGINT      NOT NULL DEFAULT 0 COMMENT 'requests not compared: the comparison queue was full',
    CONSTRAINT pk_version_traffic PRIMARY KEY (model_version, minute, instance_id)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

CREATE INDEX ix_version_traffic_minute ON version_traffic (minute);
