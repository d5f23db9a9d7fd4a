-- Who sent each correction (an API key's client, a JWT's subject, or 'anonymous'): predict caps the rows one client
-- may send per hour and put into one exported dataset. Rows from before this column are 'unknown'.
ALTER TABLE feedback ADD COLUMN client_id VARCHAR(255) NOT NULL DEFAULT 'unknown' AFTER model_version;
CREATE INDEX ix_feedback_client_received ON feedback (client_id, received_at);
