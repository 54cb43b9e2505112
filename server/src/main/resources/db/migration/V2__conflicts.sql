-- Conflicts: field-level merge against the version a phone started from, and a review queue
-- for every value that lost.

-- Per field, who last wrote it and at which record version:
-- {"description": {"v": 3, "u": "<user>", "d": "<device>", "r": 1, "s": 17, "t": "<device time>"}}
ALTER TABLE business_entities ADD COLUMN field_stamps jsonb NOT NULL DEFAULT '{}';
ALTER TABLE market_checks ADD COLUMN field_stamps jsonb NOT NULL DEFAULT '{}';
ALTER TABLE hazard_findings ADD COLUMN field_stamps jsonb NOT NULL DEFAULT '{}';
ALTER TABLE rectification_notices ADD COLUMN field_stamps jsonb NOT NULL DEFAULT '{}';
ALTER TABLE assignments ADD COLUMN field_stamps jsonb NOT NULL DEFAULT '{}';

-- Outcomes worth remembering for replays: rejections, and applied mutations some of whose
-- values did not win.
ALTER TABLE mutation_rejections RENAME TO mutation_outcomes;
ALTER TABLE mutation_outcomes ADD COLUMN status text NOT NULL DEFAULT 'rejected';
ALTER TABLE mutation_outcomes ADD COLUMN conflict_fields text[];
ALTER TABLE mutation_outcomes ALTER COLUMN code DROP NOT NULL;
ALTER TABLE mutation_outcomes ALTER COLUMN message DROP NOT NULL;
ALTER TABLE mutation_outcomes RENAME COLUMN rejected_at TO recorded_at;

-- A value that lost, kept for a person to review. kind: 'field' (two phones changed one field),
-- 'delete' (a delete that lost to a later edit), 'edit_of_deleted' (an edit that arrived after
-- a delete).
CREATE TABLE conflicts (
    id            uuid PRIMARY KEY,
    station_id    uuid NOT NULL REFERENCES org_units (id),
    record_type   text NOT NULL,
    record_id     uuid NOT NULL,
    kind          text NOT NULL CHECK (kind IN ('field', 'delete', 'edit_of_deleted')),
    field         text,
    lost_value    jsonb,
    lost_by       uuid REFERENCES users (id),
    lost_device   text,
    lost_seq      bigint,
    lost_device_time timestamptz,
    detected_at   timestamptz NOT NULL DEFAULT now(),
    status        text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
    resolved_by   uuid REFERENCES users (id),
    resolved_at   timestamptz,
    resolution    jsonb
);

CREATE INDEX conflicts_open ON conflicts (station_id, detected_at) WHERE status = 'open';
CREATE INDEX conflicts_record ON conflicts (record_type, record_id);
