-- Live tallies. What grows with each record (checks, passes, checks per hour, hazards by severity
-- and category, notices issued) is counted as records are written, by triggers in the writing
-- transaction, so the counts always equal the records: per station, per day in the station's own
-- time zone, per person, per metric. A station's figure is the sum over its people.
CREATE TABLE tally_counts (
    station_id uuid NOT NULL,
    day        date NOT NULL,
    person_id  uuid NOT NULL,
    metric     text NOT NULL,
    value      bigint NOT NULL,
    PRIMARY KEY (station_id, day, person_id, metric)
);

-- Adds delta to each metric for the station's day (and hour) of `at`.
CREATE FUNCTION tally_add(station uuid, at timestamptz, person uuid, metrics text[], delta integer)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    local timestamp := at AT TIME ZONE (SELECT time_zone FROM org_units WHERE id = station);
BEGIN
    INSERT INTO tally_counts AS t (station_id, day, person_id, metric, value)
    SELECT station, local::date, person, metric, delta FROM unnest(metrics) AS metric
    ORDER BY metric
    ON CONFLICT (station_id, day, person_id, metric) DO UPDATE SET value = t.value + excluded.value;
END
$$;

-- What one record adds to the tallies while it is not deleted.
CREATE FUNCTION tally_metrics(kind text, rec record) RETURNS text[] LANGUAGE plpgsql AS $$
BEGIN
    IF kind = 'check' THEN
        RETURN ARRAY['checks', 'checks_h' || to_char(rec.received_at AT TIME ZONE
                       (SELECT time_zone FROM org_units WHERE id = rec.station_id), 'HH24')]
            || CASE WHEN rec.outcome = 'passed' THEN ARRAY['checks_passed'] ELSE ARRAY[]::text[] END;
    ELSIF kind = 'finding' THEN
        RETURN ARRAY['hazards_severity_' || rec.severity, 'hazards_category_' || rec.category];
    ELSE
        RETURN ARRAY['notices_issued'];
    END IF;
END
$$;

-- Keeps tally_counts in step with a record table and tells every server instance which station
-- changed (delivered on commit). Only a change of deletion or of a counted field moves a count.
CREATE FUNCTION tally_record() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    kind text := TG_ARGV[0];
    person_column text := TG_ARGV[1];
    old_person uuid;
    new_person uuid := to_jsonb(NEW) ->> person_column;
BEGIN
    IF TG_OP = 'UPDATE' THEN
        old_person := to_jsonb(OLD) ->> person_column;
        IF OLD.deleted = NEW.deleted AND tally_metrics(kind, OLD) = tally_metrics(kind, NEW)
           AND old_person IS NOT DISTINCT FROM new_person THEN
            RETURN NULL;
        END IF;
        IF NOT OLD.deleted THEN
            PERFORM tally_add(OLD.station_id, OLD.received_at, coalesce(old_person, '00000000-0000-0000-0000-000000000000'),
                              tally_metrics(kind, OLD), -1);
        END IF;
    END IF;
    IF NOT NEW.deleted THEN
        PERFORM tally_add(NEW.station_id, NEW.received_at, coalesce(new_person, '00000000-0000-0000-0000-000000000000'),
                          tally_metrics(kind, NEW), 1);
    END IF;
    PERFORM pg_notify('inspectsync_tallies', NEW.station_id::text);
    RETURN NULL;
END
$$;

CREATE TRIGGER tally AFTER INSERT OR UPDATE ON market_checks
    FOR EACH ROW EXECUTE FUNCTION tally_record('check', 'inspector_id');
CREATE TRIGGER tally AFTER INSERT OR UPDATE ON hazard_findings
    FOR EACH ROW EXECUTE FUNCTION tally_record('finding', 'created_by');
CREATE TRIGGER tally AFTER INSERT OR UPDATE ON rectification_notices
    FOR EACH ROW EXECUTE FUNCTION tally_record('notice', 'created_by');

-- Assignments and device contact change figures that are read live (planned and done visits,
-- overdue notices, quiet phones); they only say which station changed.
CREATE FUNCTION tally_touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('inspectsync_tallies', NEW.station_id::text);
    RETURN NULL;
END
$$;
CREATE TRIGGER tally AFTER INSERT OR UPDATE ON assignments FOR EACH ROW EXECUTE FUNCTION tally_touch();

-- Counts for what is already recorded.
INSERT INTO tally_counts (station_id, day, person_id, metric, value)
SELECT station_id, day, person_id, metric, count(*) FROM (
    SELECT c.station_id, (c.received_at AT TIME ZONE u.time_zone)::date AS day, c.inspector_id AS person_id,
           unnest(tally_metrics('check', c)) AS metric
    FROM market_checks c JOIN org_units u ON u.id = c.station_id WHERE NOT c.deleted
    UNION ALL
    SELECT f.station_id, (f.received_at AT TIME ZONE u.time_zone)::date,
           coalesce(f.created_by, '00000000-0000-0000-0000-000000000000'), unnest(tally_metrics('finding', f))
    FROM hazard_findings f JOIN org_units u ON u.id = f.station_id WHERE NOT f.deleted
    UNION ALL
    SELECT n.station_id, (n.received_at AT TIME ZONE u.time_zone)::date,
           coalesce(n.created_by, '00000000-0000-0000-0000-000000000000'), unnest(tally_metrics('notice', n))
    FROM rectification_notices n JOIN org_units u ON u.id = n.station_id WHERE NOT n.deleted
) AS counted
GROUP BY station_id, day, person_id, metric;

-- Sync health: how long the oldest item in each phone's outbox has waited, as the phone last
-- reported it (an age, so that a wrong phone clock does not matter), and when it reported it.
ALTER TABLE devices ADD COLUMN outbox_age_seconds integer;
ALTER TABLE devices ADD COLUMN outbox_reported_at timestamptz;
CREATE INDEX devices_station ON devices (station_id);
