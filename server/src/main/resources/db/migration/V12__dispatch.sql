-- Dispatch: assignments for several inspectors, receipts per device, the double-random draw with
-- its declared conflicts of interest, and an audit log of what dispatchers decided.

-- An assignment goes to one or more inspectors; an enforcement check needs at least two.
-- ever_assigned keeps everyone it was ever for, so that an inspector taken off still pulls the
-- change that took them off. The update below stamps a new version, so phones receive the new shape.
ALTER TABLE assignments ADD COLUMN inspector_ids uuid[];
ALTER TABLE assignments ADD COLUMN ever_assigned uuid[];
UPDATE assignments SET inspector_ids = ARRAY[inspector_id], ever_assigned = ARRAY[inspector_id];
ALTER TABLE assignments ALTER COLUMN inspector_ids SET NOT NULL;
ALTER TABLE assignments ALTER COLUMN ever_assigned SET NOT NULL;
ALTER TABLE assignments DROP COLUMN inspector_id;
ALTER TABLE assignments ADD COLUMN enforcement boolean NOT NULL DEFAULT false;
-- The version the office last wrote. A phone's progress report makes a new version too, but an
-- office edit conflicts only with another office write it did not see.
ALTER TABLE assignments ADD COLUMN office_version integer NOT NULL DEFAULT 1;

-- Conflicts of interest an inspector has declared: the draw never sends them to that entity.
CREATE TABLE recusals (
    id           uuid PRIMARY KEY,
    station_id   uuid NOT NULL REFERENCES org_units (id),
    inspector_id uuid NOT NULL REFERENCES users (id),
    entity_id    uuid NOT NULL REFERENCES business_entities (id),
    reason       text NOT NULL,
    declared_by  uuid NOT NULL REFERENCES users (id),
    declared_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (inspector_id, entity_id)
);

-- A draw keeps everything needed to repeat it: the seed, the algorithm, and the exact eligible
-- entities, inspectors and recusals it drew from.
CREATE TABLE draws (
    id            uuid PRIMARY KEY,
    station_id    uuid NOT NULL REFERENCES org_units (id),
    title         text NOT NULL,
    kind          text NOT NULL,
    due_on        date NOT NULL,
    algorithm     text NOT NULL,
    seed          bytea NOT NULL,
    pool          jsonb NOT NULL,
    requested     integer NOT NULL,
    entity_ids    uuid[] NOT NULL,
    inspector_ids uuid[] NOT NULL,
    recusals      jsonb NOT NULL,
    picks         jsonb NOT NULL,
    created_by    uuid NOT NULL REFERENCES users (id),
    created_at    timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE assignments ADD COLUMN draw_id uuid REFERENCES draws (id);

-- Per assignment and device: when the server queued a hint for its current version, when FCM
-- accepted the push, when the device pulled it, and when its officer saw, started and finished it.
CREATE TABLE assignment_receipts (
    assignment_id     uuid NOT NULL REFERENCES assignments (id),
    device_id         text NOT NULL REFERENCES devices (id),
    sent_at           timestamptz,
    sent_version      integer,
    pushed_at         timestamptz,
    delivered_at      timestamptz,
    delivered_version integer,
    seen_at           timestamptz,
    started_at        timestamptz,
    done_at           timestamptz,
    PRIMARY KEY (assignment_id, device_id)
);
CREATE INDEX assignment_receipts_device ON assignment_receipts (device_id);

-- What dispatchers and administrators decided, and what the server did by itself (user_id null).
CREATE TABLE audit_log (
    id         bigserial PRIMARY KEY,
    at         timestamptz NOT NULL DEFAULT now(),
    user_id    uuid REFERENCES users (id),
    unit_id    uuid REFERENCES org_units (id),
    action     text NOT NULL,
    subject_id uuid,
    detail     jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_subject ON audit_log (subject_id);
