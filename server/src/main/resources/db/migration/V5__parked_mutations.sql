-- Mutations that arrived before what they need (a finding before its check, sent by another
-- phone; an update of a record created elsewhere). Kept here, in the name of the device that
-- sent them, until the record they wait for arrives; never forgotten: after the time-out they are
-- marked expired and stay for a person to handle.
CREATE TABLE parked_mutations (
    id            uuid PRIMARY KEY,
    station_id    uuid NOT NULL REFERENCES org_units (id),
    device_id     text NOT NULL REFERENCES devices (id),
    user_id       uuid NOT NULL REFERENCES users (id),
    role          text NOT NULL,
    seq           bigint NOT NULL,
    mutation      jsonb NOT NULL,
    waiting_type  text NOT NULL,
    waiting_id    uuid NOT NULL,
    parked_at     timestamptz NOT NULL DEFAULT now(),
    status        text NOT NULL DEFAULT 'parked' CHECK (status IN ('parked', 'applied', 'rejected', 'expired')),
    resolved_at   timestamptz,
    outcome       jsonb,
    UNIQUE (device_id, seq)
);

CREATE INDEX parked_mutations_waiting ON parked_mutations (waiting_type, waiting_id) WHERE status = 'parked';
CREATE INDEX parked_mutations_backlog ON parked_mutations (station_id, status, parked_at);
