-- Organisation, people and devices.

CREATE TABLE org_units (
    id         uuid PRIMARY KEY,
    parent_id  uuid REFERENCES org_units (id),
    kind       text NOT NULL CHECK (kind IN ('bureau', 'station', 'grid')),
    name       text NOT NULL,
    -- Days ("today", "overdue") are counted in the unit's own time zone.
    time_zone  text NOT NULL DEFAULT 'Asia/Shanghai'
);

CREATE TABLE users (
    id            uuid PRIMARY KEY,
    username      text NOT NULL UNIQUE,
    display_name  text NOT NULL,
    password_hash text NOT NULL,
    role          text NOT NULL CHECK (role IN ('inspector', 'dispatcher', 'supervisor', 'admin')),
    unit_id       uuid NOT NULL REFERENCES org_units (id),
    created_at    timestamptz NOT NULL DEFAULT now()
);

-- One row per installed app. last_seq is the highest mutation number the server has
-- applied or rejected for the device; it only ever moves forward, in the same
-- transaction as the writes it acknowledges.
CREATE TABLE devices (
    id            text PRIMARY KEY,
    user_id       uuid NOT NULL REFERENCES users (id),
    last_seq      bigint NOT NULL DEFAULT 0,
    last_txid     xid8,
    first_seen_at timestamptz NOT NULL DEFAULT now(),
    last_seen_at  timestamptz NOT NULL DEFAULT now()
);

-- Rejected mutations, kept so that a replayed batch gets the very same answer.
-- A mutation at or below devices.last_seq without a row here was applied.
CREATE TABLE mutation_rejections (
    device_id   text NOT NULL REFERENCES devices (id),
    seq         bigint NOT NULL,
    code        text NOT NULL,
    field       text,
    message     text NOT NULL,
    rejected_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (device_id, seq)
);

-- Change tracking. Every synced row carries the transaction that last wrote it and a
-- global change number. Pull orders by (txid, change_seq) and only reads below the
-- oldest transaction still running, so a late commit can never land behind a cursor.
CREATE SEQUENCE change_seq;

CREATE FUNCTION stamp_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.txid := pg_current_xact_id();
    NEW.change_seq := nextval('change_seq');
    NEW.updated_at := now();
    IF TG_OP = 'UPDATE' THEN
        NEW.version := OLD.version + 1;
    ELSE
        NEW.version := 1;
    END IF;
    RETURN NEW;
END
$$;

-- Synced records. Deletions are tombstones (deleted = true) so that pull can deliver them.

CREATE TABLE business_entities (
    id          uuid PRIMARY KEY,
    station_id  uuid NOT NULL REFERENCES org_units (id),
    name        text NOT NULL,
    credit_code text NOT NULL,
    address     text,
    category    text NOT NULL,
    grid_cell   text,
    latitude    double precision,
    longitude   double precision,
    risk_level  text NOT NULL DEFAULT 'medium',
    deleted     boolean NOT NULL DEFAULT false,
    created_by  uuid REFERENCES users (id),
    updated_by  uuid REFERENCES users (id),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    version     integer NOT NULL DEFAULT 1,
    txid        xid8 NOT NULL,
    change_seq  bigint NOT NULL
);

CREATE TABLE assignments (
    id          uuid PRIMARY KEY,
    station_id  uuid NOT NULL REFERENCES org_units (id),
    inspector_id uuid NOT NULL REFERENCES users (id),
    entity_ids  uuid[] NOT NULL,
    kind        text NOT NULL,
    due_on      date NOT NULL,
    note        text,
    status      text NOT NULL DEFAULT 'sent',
    deleted     boolean NOT NULL DEFAULT false,
    created_by  uuid REFERENCES users (id),
    updated_by  uuid REFERENCES users (id),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    version     integer NOT NULL DEFAULT 1,
    txid        xid8 NOT NULL,
    change_seq  bigint NOT NULL
);

CREATE TABLE market_checks (
    id            uuid PRIMARY KEY,
    station_id    uuid NOT NULL REFERENCES org_units (id),
    entity_id     uuid NOT NULL REFERENCES business_entities (id),
    assignment_id uuid REFERENCES assignments (id),
    inspector_id  uuid NOT NULL REFERENCES users (id),
    -- Device-reported: shown to people, never used to order anything.
    performed_at  timestamptz,
    latitude      double precision,
    longitude     double precision,
    outcome       text NOT NULL,
    remarks       text,
    received_at   timestamptz NOT NULL DEFAULT now(),
    deleted       boolean NOT NULL DEFAULT false,
    created_by    uuid REFERENCES users (id),
    updated_by    uuid REFERENCES users (id),
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    version       integer NOT NULL DEFAULT 1,
    txid          xid8 NOT NULL,
    change_seq    bigint NOT NULL
);

CREATE TABLE market_check_items (
    check_id  uuid NOT NULL REFERENCES market_checks (id),
    position  integer NOT NULL,
    item_code text NOT NULL,
    result    text NOT NULL CHECK (result IN ('pass', 'fail', 'not_applicable')),
    remark    text,
    PRIMARY KEY (check_id, position)
);

CREATE TABLE hazard_findings (
    id          uuid PRIMARY KEY,
    station_id  uuid NOT NULL REFERENCES org_units (id),
    check_id    uuid NOT NULL REFERENCES market_checks (id),
    entity_id   uuid NOT NULL REFERENCES business_entities (id),
    category    text NOT NULL,
    severity    text NOT NULL,
    description text,
    status      text NOT NULL DEFAULT 'found',
    received_at timestamptz NOT NULL DEFAULT now(),
    deleted     boolean NOT NULL DEFAULT false,
    created_by  uuid REFERENCES users (id),
    updated_by  uuid REFERENCES users (id),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    version     integer NOT NULL DEFAULT 1,
    txid        xid8 NOT NULL,
    change_seq  bigint NOT NULL
);

CREATE TABLE rectification_notices (
    id               uuid PRIMARY KEY,
    station_id       uuid NOT NULL REFERENCES org_units (id),
    check_id         uuid NOT NULL REFERENCES market_checks (id),
    entity_id        uuid NOT NULL REFERENCES business_entities (id),
    notice_number    text,
    required_actions text NOT NULL,
    issued_on        date NOT NULL,
    deadline_days    integer NOT NULL CHECK (deadline_days BETWEEN 1 AND 365),
    due_on           date GENERATED ALWAYS AS (issued_on + deadline_days) STORED,
    status           text NOT NULL DEFAULT 'issued',
    received_at      timestamptz NOT NULL DEFAULT now(),
    deleted          boolean NOT NULL DEFAULT false,
    created_by       uuid REFERENCES users (id),
    updated_by       uuid REFERENCES users (id),
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    version          integer NOT NULL DEFAULT 1,
    txid             xid8 NOT NULL,
    change_seq       bigint NOT NULL
);

CREATE TRIGGER stamp_change BEFORE INSERT OR UPDATE ON business_entities FOR EACH ROW EXECUTE FUNCTION stamp_change();
CREATE TRIGGER stamp_change BEFORE INSERT OR UPDATE ON assignments FOR EACH ROW EXECUTE FUNCTION stamp_change();
CREATE TRIGGER stamp_change BEFORE INSERT OR UPDATE ON market_checks FOR EACH ROW EXECUTE FUNCTION stamp_change();
CREATE TRIGGER stamp_change BEFORE INSERT OR UPDATE ON hazard_findings FOR EACH ROW EXECUTE FUNCTION stamp_change();
CREATE TRIGGER stamp_change BEFORE INSERT OR UPDATE ON rectification_notices FOR EACH ROW EXECUTE FUNCTION stamp_change();

-- Pull reads each table by station in change order.
CREATE INDEX business_entities_changes ON business_entities (station_id, txid, change_seq);
CREATE INDEX assignments_changes ON assignments (station_id, txid, change_seq);
CREATE INDEX market_checks_changes ON market_checks (station_id, txid, change_seq);
CREATE INDEX hazard_findings_changes ON hazard_findings (station_id, txid, change_seq);
CREATE INDEX rectification_notices_changes ON rectification_notices (station_id, txid, change_seq);

-- Tallies and assignment progress.
CREATE INDEX market_checks_assignment ON market_checks (assignment_id) WHERE assignment_id IS NOT NULL;
CREATE INDEX market_checks_received ON market_checks (station_id, received_at);
CREATE INDEX hazard_findings_received ON hazard_findings (station_id, received_at);
CREATE INDEX rectification_notices_received ON rectification_notices (station_id, received_at);
CREATE INDEX rectification_notices_due ON rectification_notices (station_id, due_on) WHERE status NOT IN ('verified');
CREATE INDEX assignments_due ON assignments (station_id, due_on);
