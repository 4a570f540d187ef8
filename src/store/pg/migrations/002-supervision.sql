-- plan-bot on PostgreSQL, schema 2: supervision (docs/supervision.md). An admin's review of a check-in and the
-- resubmission of a returned one, leaders in the roster, the escalations sent (督办), the units each weekly prompt
-- went to, and task deadlines set in chat.

-- An admin's review (审核): confirmed, or returned with the reason; all null while it waits (待审核).
ALTER TABLE checkins
  ADD COLUMN review_state       text CHECK (review_state IN ('confirmed', 'returned')),
  ADD COLUMN review_by_platform text,
  ADD COLUMN review_by_id       text,
  ADD COLUMN review_by_name     text,
  ADD COLUMN review_at          timestamptz,
  ADD COLUMN review_reason      text,
  ADD COLUMN resubmit_of        text;                -- the id of the returned check-in this one resubmits

-- a leader (分管领导) hears the unit's escalations
ALTER TABLE roster_members DROP CONSTRAINT roster_members_role_check;
ALTER TABLE roster_members ADD CONSTRAINT roster_members_role_check CHECK (role IN ('liaison', 'backup', 'leader'));

-- One escalation sent: to the unit's leaders (level 1) or to the county leaders (level 2); sent once.
CREATE TABLE escalations (
  key      text        PRIMARY KEY,                  -- unit|plan|reason|week
  unit     text        NOT NULL,
  plan     text        NOT NULL,
  reason   text        NOT NULL CHECK (reason IN ('missed', 'overdue')),
  level    integer     NOT NULL CHECK (level IN (1, 2)),
  week     text        NOT NULL,                     -- the week evaluated when it was sent
  at       timestamptz NOT NULL,
  why      text        NOT NULL,                     -- what it said was wrong
  sent_to  text[]      NOT NULL,                     -- who was told, platform:id (empty: nobody bound)
  follows  text,                                     -- level 2: the key of the level-1 escalation it follows
  resolved text                                      -- level 1: the week the cause was gone
);

-- The units a weekly prompt went to (a 报送轮次): the weeks a unit was expected to report.
CREATE TABLE rounds (
  key   text        PRIMARY KEY,                     -- plan|week
  plan  text        NOT NULL,
  week  text        NOT NULL,
  at    timestamptz NOT NULL,
  units text[]      NOT NULL
);

-- A task deadline an admin set in chat; it overrides the plan's own.
CREATE TABLE deadlines (
  key         text        PRIMARY KEY,               -- plan|task
  plan        text        NOT NULL,
  task        integer     NOT NULL CHECK (task > 0),
  date        date        NOT NULL,
  by_platform text        NOT NULL,
  by_id       text        NOT NULL,
  by_name     text,
  at          timestamptz NOT NULL
);
