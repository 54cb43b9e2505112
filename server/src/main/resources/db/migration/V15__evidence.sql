-- Evidence: photos and signatures travel apart from their records, by SHA-256 of their bytes.
-- A record syncs at once and says "evidence pending" until every file it names has arrived.

-- One row per hash that a record names or that was uploaded. stored_at is null until the file
-- has arrived whole and verified; only then is it in the store. The row is also what makes the
-- pending flag exact under concurrency: a writer naming a hash holds FOR SHARE on its row (like a
-- foreign key), so a completing upload and a sweep that deletes the file each wait for it.
CREATE TABLE evidence_files (
    sha256     text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    size       bigint,
    media_type text,
    created_at timestamptz NOT NULL DEFAULT now(),
    stored_at  timestamptz,
    CHECK ((stored_at IS NULL) = (size IS NULL))
);

-- Uploads in progress, per device: received counts only whole chunks, so a chunk cut mid-way is
-- sent again from there.
CREATE TABLE evidence_uploads (
    device_id  text NOT NULL,
    sha256     text NOT NULL,
    size       bigint NOT NULL,
    received   bigint NOT NULL DEFAULT 0,
    media_type text,
    started_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (device_id, sha256)
);
CREATE INDEX evidence_uploads_stale ON evidence_uploads (updated_at);

-- Bytes each device stored per day, in its station's time zone, for the daily limit.
CREATE TABLE evidence_usage (
    device_id text NOT NULL,
    day       date NOT NULL,
    bytes     bigint NOT NULL,
    PRIMARY KEY (device_id, day)
);

-- The key that signs time-limited evidence links; one row, shared by every server instance.
CREATE TABLE evidence_link_key (
    id  integer PRIMARY KEY CHECK (id = 1),
    key bytea NOT NULL
);

-- The signature of the entity's representative (a check) or of the person served (a notice).
ALTER TABLE market_checks ADD COLUMN signature text;
ALTER TABLE rectification_notices ADD COLUMN signature text;

ALTER TABLE market_checks ADD COLUMN evidence_pending boolean NOT NULL DEFAULT false;
ALTER TABLE hazard_findings ADD COLUMN evidence_pending boolean NOT NULL DEFAULT false;
ALTER TABLE rectification_notices ADD COLUMN evidence_pending boolean NOT NULL DEFAULT false;

-- Sets evidence_pending: whether any hash the record names (photos, and the signature where the
-- table has one: TG_ARGV[0] = 'signature') has no stored file yet. Runs only when one of those
-- columns is written, and only for a record that names a file (the trigger's WHEN, checked without
-- calling the function, so that most records, which name none, cost nothing here); the update that
-- follows a completed upload writes evidence_pending itself.
CREATE FUNCTION evidence_pending() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    hashes text[] := NEW.photos;
    pending boolean;
BEGIN
    -- Nested: NEW.signature is only parsed for the tables that have the column.
    IF TG_ARGV[0] = 'signature' THEN
        IF NEW.signature IS NOT NULL THEN
            hashes := hashes || NEW.signature;
        END IF;
    END IF;
    IF cardinality(hashes) = 0 THEN
        NEW.evidence_pending := false;
        RETURN NEW;
    END IF;
    -- Rows in hash order, so that two writers naming the same hashes queue rather than deadlock.
    INSERT INTO evidence_files (sha256)
    SELECT DISTINCT h FROM unnest(hashes) AS h ORDER BY h
    ON CONFLICT (sha256) DO NOTHING;
    SELECT coalesce(bool_or(f.stored_at IS NULL), false) INTO pending
    FROM (SELECT stored_at FROM evidence_files WHERE sha256 = ANY (hashes) ORDER BY sha256 FOR SHARE) AS f;
    NEW.evidence_pending := pending;
    RETURN NEW;
END
$$;

CREATE TRIGGER evidence_pending BEFORE INSERT OR UPDATE OF photos, signature, evidence_pending ON market_checks
    FOR EACH ROW WHEN (cardinality(NEW.photos) > 0 OR NEW.signature IS NOT NULL)
    EXECUTE FUNCTION evidence_pending('signature');
CREATE TRIGGER evidence_pending BEFORE INSERT OR UPDATE OF photos, evidence_pending ON hazard_findings
    FOR EACH ROW WHEN (cardinality(NEW.photos) > 0)
    EXECUTE FUNCTION evidence_pending('none');
CREATE TRIGGER evidence_pending BEFORE INSERT OR UPDATE OF photos, signature, evidence_pending ON rectification_notices
    FOR EACH ROW WHEN (cardinality(NEW.photos) > 0 OR NEW.signature IS NOT NULL)
    EXECUTE FUNCTION evidence_pending('signature');

-- Which records name a hash: for reading evidence in scope, for the sweep, and for the records
-- to re-stamp when a file arrives. Only records with photos are indexed (a query says
-- cardinality(photos) > 0 to use it): most records have none, and a GIN entry for an empty array
-- would cost every insert.
CREATE INDEX market_checks_photos ON market_checks USING gin (photos) WHERE cardinality(photos) > 0;
CREATE INDEX hazard_findings_photos ON hazard_findings USING gin (photos) WHERE cardinality(photos) > 0;
CREATE INDEX rectification_notices_photos ON rectification_notices USING gin (photos) WHERE cardinality(photos) > 0;
CREATE INDEX market_checks_signature ON market_checks (signature) WHERE signature IS NOT NULL;
CREATE INDEX rectification_notices_signature ON rectification_notices (signature) WHERE signature IS NOT NULL;
CREATE INDEX market_checks_evidence_pending ON market_checks (id) WHERE evidence_pending;
CREATE INDEX hazard_findings_evidence_pending ON hazard_findings (id) WHERE evidence_pending;
CREATE INDEX rectification_notices_evidence_pending ON rectification_notices (id) WHERE evidence_pending;

-- Whether a live record names the hash.
CREATE FUNCTION evidence_referenced(hash text) RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT EXISTS (SELECT 1 FROM market_checks
                   WHERE ((cardinality(photos) > 0 AND photos @> ARRAY[hash]) OR signature = hash) AND NOT deleted)
        OR EXISTS (SELECT 1 FROM hazard_findings
                   WHERE cardinality(photos) > 0 AND photos @> ARRAY[hash] AND NOT deleted)
        OR EXISTS (SELECT 1 FROM rectification_notices
                   WHERE ((cardinality(photos) > 0 AND photos @> ARRAY[hash]) OR signature = hash) AND NOT deleted)
$$;

-- Records that already name photos have none of their files yet: they are pending, and are
-- re-stamped so that phones learn the new field.
UPDATE market_checks SET evidence_pending = true WHERE cardinality(photos) > 0;
UPDATE hazard_findings SET evidence_pending = true WHERE cardinality(photos) > 0;
UPDATE rectification_notices SET evidence_pending = true WHERE cardinality(photos) > 0;
