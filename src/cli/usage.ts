const COMMON = `common options:
  --knowledge PATH   a plan file, or a folder whose plan files are all loaded (default: the bundled 稷山县
                     plan; env PLAN_BOT_KNOWLEDGE; docs/plans.md)
  --data DIR         the data directory (env PLAN_BOT_DATA, default ./data)
  -h, --help         this help`;

/** The general usage of plan-bot. */
export const USAGE = `plan-bot — 行动方案问答与进度汇报机器人

usage:
  plan-bot start                    start the bot (the console chat when no platform is configured)
  plan-bot ask "任务14谁负责"          print the answer to one question
  plan-bot ask --json < q.txt       one question per line in, one JSON object per line out
  plan-bot ask --json --dialog      the same, each line a follow-up of the one before (那16呢)
  plan-bot replay t.jsonl           feed a recorded conversation through the bot on a simulated clock
  plan-bot import plan.docx --out knowledge/NAME.json [--overlay FILE]   read a plan (.txt .html .docx .pdf .doc .wps) into a knowledge file
  plan-bot import plan.pdf --preview   show what would be imported (the chat preview), write nothing
  plan-bot export --format csv|xlsx|json [--plan ID] [--from 2021-W23] [--to 2021-W30] [--unit 县财政局] [--task 14] --out FILE
  plan-bot plans [--json]           the plans loaded: ids, names, tasks, units, stopped, this week's reporting rate
  plan-bot status [--json]          version, data, last weekly jobs, holiday calendar, adapters (read-only)
  plan-bot holidays                 how far the holiday calendar reaches (chinese-days + DATA/holidays.json)
  plan-bot web-link --admin lark:ou_x   print a one-time login link to the web view (--leader: view only)
  plan-bot restore BACKUP_FILE      replace the database with a backup (the bot must be stopped; the old one is kept)
  plan-bot migrate --to postgres://…  copy the data directory's store into PostgreSQL, verified (docs/postgresql.md)
  plan-bot COMMAND --help           help on one command
  plan-bot --version
${COMMON}
Configuration is read from the environment and from .env in the current directory (docs/operating.md › Configuration).
exit codes: 0 done, 2 wrong command line, configuration or input file, 1 failure while running.
`;

/** Each command's own help. */
export const COMMAND_HELP: Record<string, string> = {
  start: `usage: plan-bot start [--data DIR] [--knowledge FILE]

Starts the bot on every platform configured in the environment or .env (Lark: LARK_APP_ID …, WeChat:
WECHATY_PUPPET …) and runs the weekly jobs. With no platform configured it opens the console chat; while the
console is interactive, logs go to DATA/plan-bot.log instead of the terminal. A platform that cannot be reached
at start is retried with back-off; stop with Ctrl-C or SIGTERM. With PLAN_BOT_WEB_PORT set it also serves the
web view (docs/web.md); with only the web view configured it runs as a service serving it, without the console.
Through npm, options need a "--":  npm start -- --data /var/lib/plan-bot
${COMMON}`,
  ask: `usage: plan-bot ask "任务14谁负责" ["第二个问题" …]
       plan-bot ask --json [--dialog] < questions.txt

Prints the answer to each question. With --json and no question, reads one question per line from stdin and
writes one JSON object per line: {"question","text","found","tasks","units","plan"} (plan: the id of the plan that
answered, null when the bot asks which plan). With --dialog each line is read as a follow-up of the one before
(那16呢, 它的牵头单位), as in a chat, and may answer "which plan?" with a number or a plan's name.
${COMMON}`,
  replay: `usage: plan-bot replay transcript.jsonl [--data DIR]

Feeds a recorded conversation (one JSON object per line: messages, ticks, admins, roster) through the bot on a
simulated clock and prints every outgoing message as a JSON line. A message line may carry "quote", the text of
the message it replies to. With --knowledge DIR the bot carries every plan of the folder. Without --data it works in a fresh temporary
directory (printed on stderr) and never touches the live data; PLAN_BOT_DATA is ignored. Holidays come from
DIR/holidays.json as for start.
${COMMON}`,
  import: `usage: plan-bot import FILE --out knowledge/NAME.json [--overlay FILE]
       plan-bot import FILE --preview [--overlay FILE]

Reads a plan — .txt (UTF-8 or GBK), a saved web page (.html/.htm), a Word .docx (automatic numbering applied), a
text PDF, or .doc/.wps through LibreOffice (soffice; Debian package libreoffice-writer-nogui) — and parses it into a
knowledge file, with the curated overlay (default: NAME.overlay.json next to the output). Nothing is written unless
the result is valid; warnings (figures not understood, unit names one character apart …) are printed. --preview
prints the preview the chat shows and writes nothing. docs/importing.md says how to fix what it reports.
${COMMON}`,
  export: `usage: plan-bot export --out FILE [--format csv|xlsx|json] [--plan ID] [--from 2021-W23] [--to 2021-W30] [--unit 县财政局] [--task 14]

Writes the check-ins of the data directory as CSV, an XLSX ledger or JSON (format from --format or the file's
extension). Read-only on the data. Progress is shown on one line in a terminal, not when stderr is piped.
With several plans loaded: --plan (an id, short name, 文号 or the number in plan-bot plans) exports one plan;
without it every plan is exported, with a 方案 column (CSV), a "plans" list and each record's plan (JSON), or
the sheets of each plan named after it (XLSX).
${COMMON}`,
  plans: `usage: plan-bot plans [--knowledge PATH] [--data DIR] [--json]

Lists the plans the bot loads (PLAN_BOT_KNOWLEDGE, a file or a folder): each plan's id (its file name, stored
with every check-in), short name, title, 文号, tasks and units, and — read-only from the data directory, also
while the bot runs — whether an admin stopped it and this week's reporting rate. To add a plan, import it into
the folder (plan-bot import plan.txt --out PLANS/NAME.json) and say 重新加载方案 in chat (or restart).
${COMMON}`,
  status: `usage: plan-bot status [--data DIR] [--json]

Prints the version, the data directory, the number of check-in records, the last run of each weekly job, the
messages waiting in the outbox, how far the holiday calendar reaches and the adapters configured. Reads only;
works while the bot runs. Exits 1 when the data directory, database or holidays.json cannot be used.
--json keys: ok, version, dataDir, records, lastRun{prompt,reminder,digest}, pendingOutbox, calendarCoveredUntil,
calendarCoversNext60Days, adapters, problems.
${COMMON}`,
  restore: `usage: plan-bot restore BACKUP_FILE [--data DIR]

Replaces the database with a backup (DATA/backups/plan-bot-YYYY-MM-DD.json, or PLAN_BOT_BACKUP_DIR). The backup
is checked as a start would check it; the bot must be stopped (the data directory's lock is taken); the current
database and journal are moved into DATA/replaced-<time>/, never deleted.
${COMMON}`,
  migrate: `usage: plan-bot migrate --to postgres://USER:PASSWORD@HOST:5432/DB [--data DIR]

Copies the data directory's store (check-ins with their history, roster, weekly jobs, open ask-backs, processed
message ids, inbox and outbox) into an empty PostgreSQL database, creating its tables, and verifies the copy by
counts and checksums before committing it: on any difference nothing is written. The bot must be stopped (the data
directory's lock is taken); the data directory is left as it was. Then set PLAN_BOT_DATABASE_URL and start the bot.
Evidence files stay under DATA/evidence. See docs/postgresql.md.
${COMMON}`,
  'web-link': `usage: plan-bot web-link --admin platform:id | --leader platform:id [--data DIR]

Prints a one-time login link to the web view (PLAN_BOT_WEB_PORT must be set, as for start): valid 10 minutes,
usable once, then a session of 8 hours. --admin needs the id in PLAN_BOT_ADMINS, --leader in PLAN_BOT_LEADERS
(view only, no exports). Run it as the service user (sudo -u plan-bot …) so that it reads the same signing key
(PLAN_BOT_WEB_SECRET or DATA/web-secret). See docs/web.md.
${COMMON}`,
  holidays: `usage: plan-bot holidays [--data DIR] [--json]

Shows how far the holiday calendar reaches: the chinese-days package (its last State Council notice) plus
DATA/holidays.json, which the admin writes from each year's notice, e.g.
  {"holidays": ["2027-01-01", "2027-02-10..2027-02-17"], "workdays": ["2027-02-07"]}
"holidays" are 放假 days (a range a..b includes both ends), "workdays" are 调休 make-up working days. The bot
warns the admins at start and weekly when the next 60 days are not covered. Restart the bot after editing.
${COMMON}`,
};
