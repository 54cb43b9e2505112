-- Legal documents are superseded by new versions, never edited; evidence and notes only grow;
-- a dispatcher's cancellation is dated so that work done after it stays visible.

ALTER TABLE market_checks ADD COLUMN signed boolean NOT NULL DEFAULT false;
ALTER TABLE market_checks ADD COLUMN supersedes uuid REFERENCES market_checks (id);
ALTER TABLE market_checks ADD COLUMN superseded_by uuid REFERENCES market_checks (id);
ALTER TABLE rectification_notices ADD COLUMN supersedes uuid REFERENCES rectification_notices (id);
ALTER TABLE rectification_notices ADD COLUMN superseded_by uuid REFERENCES rectification_notices (id);

-- Evidence photos by SHA-256, and notes added by officers: sets that merge by union.
ALTER TABLE market_checks ADD COLUMN photos text[] NOT NULL DEFAULT '{}';
ALTER TABLE hazard_findings ADD COLUMN photos text[] NOT NULL DEFAULT '{}';
ALTER TABLE rectification_notices ADD COLUMN photos text[] NOT NULL DEFAULT '{}';
ALTER TABLE hazard_findings ADD COLUMN notes jsonb NOT NULL DEFAULT '[]';
ALTER TABLE rectification_notices ADD COLUMN notes jsonb NOT NULL DEFAULT '[]';

ALTER TABLE assignments ADD COLUMN cancelled_at timestamptz;
