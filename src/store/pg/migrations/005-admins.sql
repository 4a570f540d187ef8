-- plan-bot on PostgreSQL, schema 5: admins added in chat (添加管理员 / 删除管理员, docs/using.md). The admins of
-- PLAN_BOT_ADMINS are configuration and are not stored; these are the ones another admin added in a chat, shared by
-- every replica. One row per admin; removing an admin deletes the row.
CREATE TABLE admins (
  platform   text        NOT NULL,                   -- lark, wechat, wecom, console
  id         text        NOT NULL,                   -- the platform's user id
  name       text,                                   -- the name given when added (optional)
  added_by   text        NOT NULL,                   -- platform:id of the admin who added them
  added_at   timestamptz NOT NULL,
  PRIMARY KEY (platform, id)
);
