-- Official rectification-notice numbers, unique per issuing station and year, issued offline
-- from blocks that phones lease while online.

CREATE TABLE notice_number_counters (
    station_id uuid NOT NULL REFERENCES org_units (id),
    year       integer NOT NULL,
    next       integer NOT NULL,
    PRIMARY KEY (station_id, year)
);

CREATE TABLE notice_number_blocks (
    id         uuid PRIMARY KEY,
    station_id uuid NOT NULL REFERENCES org_units (id),
    year       integer NOT NULL,
    first      integer NOT NULL,
    last       integer NOT NULL,
    device_id  text NOT NULL REFERENCES devices (id),
    leased_by  uuid NOT NULL REFERENCES users (id),
    leased_at  timestamptz NOT NULL DEFAULT now(),
    CHECK (first <= last)
);

CREATE INDEX notice_number_blocks_device ON notice_number_blocks (device_id, year);

-- The last guard: no number twice in a station.
CREATE UNIQUE INDEX rectification_notices_number ON rectification_notices (station_id, notice_number)
    WHERE notice_number IS NOT NULL;
