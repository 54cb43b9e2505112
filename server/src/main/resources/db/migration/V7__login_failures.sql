-- Failed logins, counted per user and per address to slow password guessing (see LoginHandler).
CREATE TABLE login_failures (
    username  text NOT NULL,
    address   text NOT NULL,
    failed_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX login_failures_user ON login_failures (username, failed_at);
CREATE INDEX login_failures_address ON login_failures (address, failed_at);
