-- What each installed app told the server about itself, and its revocation: a lost phone is cut
-- off at its very next request.
ALTER TABLE devices ADD COLUMN model text;
ALTER TABLE devices ADD COLUMN app_version text;
ALTER TABLE devices ADD COLUMN push_token text;
ALTER TABLE devices ADD COLUMN revoked_at timestamptz;
ALTER TABLE devices ADD COLUMN revoked_by uuid REFERENCES users (id);
