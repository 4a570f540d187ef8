-- plan-bot on PostgreSQL, schema 1: the ledger (check-ins with their history, roster) and the bot's working state
-- (inbox, outbox, weekly jobs, open ask-backs, processed message ids). Instants are timestamptz; every table says
-- what a row is. A later migration adds a numbered file next to this one (002-….sql); never edit an applied one.

-- One check-in record for one task of one unit in one ISO week. Corrections add records, they never edit one:
-- the current report of a unit, task and week is its latest record not withdrawn (order: pos).
CREATE TABLE checkins (
  pos          bigserial   NOT NULL UNIQUE,          -- order in which records were stored
  id           text        PRIMARY KEY,
  unit         text        NOT NULL,
  task         integer     NOT NULL CHECK (task > 0),
  week         text        NOT NULL CHECK (week ~ '^[0-9]{4}-W[0-9]{2}$'),
  progress     double precision CHECK (progress >= 0 AND progress <= 100),  -- null: no figure reported
  status       text        NOT NULL,
  note         text        NOT NULL,
  by_platform  text        NOT NULL,                 -- who sent it: platform and platform user id
  by_id        text        NOT NULL,
  by_name      text,                                 -- display name on the platform (self-chosen)
  by_member    text,                                 -- roster name at the time of the report
  at           timestamptz NOT NULL,
  late         boolean     NOT NULL,
  msg_id       text        NOT NULL,                 -- platform:messageId of the message that carried it
  withdrawn    boolean     NOT NULL DEFAULT false,
  withdrawn_at timestamptz
);
CREATE INDEX checkins_unit_week_task ON checkins (unit, week, task);
CREATE INDEX checkins_msg_id ON checkins (msg_id);

-- Photos and files kept as evidence (佐证材料) of a check-in; the files are under the data directory.
CREATE TABLE evidence (
  checkin_id text        NOT NULL REFERENCES checkins (id) ON DELETE CASCADE,
  n          integer     NOT NULL,                   -- order within the check-in
  file       text        NOT NULL,                   -- path relative to the data directory
  name       text        NOT NULL,
  kind       text        NOT NULL CHECK (kind IN ('image', 'file')),
  bytes      bigint      NOT NULL CHECK (bytes >= 0),
  at         timestamptz NOT NULL,
  msg_id     text        NOT NULL,
  PRIMARY KEY (checkin_id, n)
);

-- The roster: responsible units, their work chat, and the people who report for them.
CREATE TABLE roster_units (
  unit          text    PRIMARY KEY,
  pos           integer NOT NULL,                    -- order in the roster
  chat_platform text,
  chat_id       text,
  CHECK ((chat_platform IS NULL) = (chat_id IS NULL))
);
CREATE TABLE roster_members (
  unit     text    NOT NULL REFERENCES roster_units (unit) ON DELETE CASCADE,
  pos      integer NOT NULL,
  platform text    NOT NULL,
  id       text    NOT NULL,
  name     text    NOT NULL,
  role     text    NOT NULL CHECK (role IN ('liaison', 'backup')),
  PRIMARY KEY (unit, pos)
);

-- Single values: roster_seed is the hash of the roster.json last applied.
CREATE TABLE settings (
  key   text PRIMARY KEY,
  value text NOT NULL
);

-- Weekly jobs run ("prompt:2021-W23"): the primary key makes each job run once per week across all replicas.
-- "@cursor" is the scheduler's last check.
CREATE TABLE jobs (
  key    text        PRIMARY KEY,
  job    text        GENERATED ALWAYS AS (split_part(key, ':', 1)) STORED,
  week   text        GENERATED ALWAYS AS (nullif(split_part(key, ':', 2), '')) STORED,
  ran_at timestamptz NOT NULL
);

-- Open ask-backs (the bot asked a liaison to confirm or complete a report), by conversation.
CREATE TABLE pending (
  conversation text        PRIMARY KEY,
  text         text        NOT NULL,
  at           timestamptz NOT NULL
);

-- Message ids handled (platform:messageId, welcome:…): claimed in the same transaction as the message's effects,
-- so a message pushed to two replicas is handled by one.
CREATE TABLE processed_messages (
  id         text        PRIMARY KEY,
  handled_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX processed_messages_handled_at ON processed_messages (handled_at);

-- Messages received and acknowledged to the platform, not yet handled (a restart or another replica handles them).
CREATE TABLE inbox (
  id          text        PRIMARY KEY,
  received_at timestamptz NOT NULL,
  message     jsonb       NOT NULL
);

-- Messages to deliver, kept until the platform accepts them or they expire (state failed, reported in the digest).
-- taken_by / taken_until: the replica sending it now (taken with FOR UPDATE SKIP LOCKED).
CREATE TABLE outbox (
  id          text        PRIMARY KEY,
  source      text        NOT NULL,                  -- a weekly job ("prompt:2021-W23") or "reply"
  platform    text        NOT NULL,
  address     jsonb       NOT NULL,                  -- chat, user, reply-to, mentions
  text        text        NOT NULL,
  card        jsonb,
  buttons     jsonb,
  form        jsonb,
  created_at  timestamptz NOT NULL,
  next_at     timestamptz NOT NULL,
  attempts    integer     NOT NULL CHECK (attempts >= 0),
  last_error  text,
  state       text        NOT NULL CHECK (state IN ('pending', 'failed')),
  taken_by    text,
  taken_until timestamptz
);
CREATE INDEX outbox_pending ON outbox (next_at) WHERE state = 'pending';

-- Every committed change, for the other replicas to apply to their copy in memory (pruned after a day).
-- seq follows commit order: a transaction takes it under an advisory lock held until it commits.
CREATE TABLE change_log (
  seq     bigint      PRIMARY KEY,
  replica text        NOT NULL,
  at      timestamptz NOT NULL DEFAULT now(),
  ops     json        NOT NULL
);
CREATE SEQUENCE change_log_seq;
