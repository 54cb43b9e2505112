-- Refresh tokens: long-lived, bound to one device, single use. Each refresh replaces the token
-- with a new one of the same family; presenting a replaced token again means it was copied, and
-- ends the device's whole session.
CREATE TABLE refresh_tokens (
    id          uuid PRIMARY KEY,
    family_id   uuid NOT NULL,
    token_hash  bytea NOT NULL UNIQUE,
    device_id   text NOT NULL REFERENCES devices (id),
    user_id     uuid NOT NULL REFERENCES users (id),
    issued_at   timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz,
    revoked_at  timestamptz
);

CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);
