-- The tables were created in the database's default character set; on a server whose default is latin1, feedback
-- in other scripts (and keys, error texts) could not be stored. Every table holds utf8mb4 from here on.
-- model_metrics.training_id references auto_training.id: MariaDB changes neither while the key exists, so the key
-- is dropped and made again around the conversion.
ALTER TABLE model_metrics DROP FOREIGN KEY fk_model_metrics_training;
ALTER TABLE auto_training CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
ALTER TABLE model_metrics CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
ALTER TABLE model_metrics
    ADD CONSTRAINT fk_model_metrics_training FOREIGN KEY (training_id) REFERENCES auto_training (id);
ALTER TABLE feedback CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
