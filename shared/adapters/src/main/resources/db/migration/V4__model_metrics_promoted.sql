-- Whether the evaluated model was promoted to the registry alias `champion` (Grafana's "current champion").
ALTER TABLE model_metrics ADD COLUMN promoted BOOLEAN NOT NULL DEFAULT FALSE;
