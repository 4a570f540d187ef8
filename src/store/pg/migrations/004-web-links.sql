-- plan-bot on PostgreSQL, schema 4: the web view (docs/web.md). A one-time login link works once across all
-- replicas: its id is the primary key, inserted when it is used.
CREATE TABLE used_links (
  key        text        PRIMARY KEY,                -- the link's id (jti)
  expires_at timestamptz NOT NULL                    -- when the link expires; the row is dropped after that
);
