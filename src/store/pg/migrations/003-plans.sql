-- plan-bot on PostgreSQL, schema 3: several plans in one bot (docs/plans.md). Every check-in carries the id of the
-- plan its task belongs to; each chat may have a default plan; plans may be stopped.

-- The plan's id (its knowledge file's base name). Records stored before plans have none here: the bot files them
-- under the plan it loaded then (plans_legacy in settings) and writes that id into them at its next start.
ALTER TABLE checkins ADD COLUMN plan text;
CREATE INDEX checkins_plan_unit_week ON checkins (plan, unit, week, task);

-- A chat's default plan for questions (本群方案), set by an admin.
CREATE TABLE plan_chats (
  chat text PRIMARY KEY,                             -- platform:chatId
  plan text NOT NULL
);

-- Plans stopped by an admin (停用): kept and exportable, no prompts, no reports.
CREATE TABLE stopped_plans (
  plan text PRIMARY KEY
);
