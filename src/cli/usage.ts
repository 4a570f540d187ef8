const COMMON = `通用选项：
  --knowledge PATH   方案文件，或一个文件夹（加载其中所有方案文件）（默认：内置的稷山县方案；环境变量
                     PLAN_BOT_KNOWLEDGE；见 docs/plans.md）
  --data DIR         数据目录（环境变量 PLAN_BOT_DATA，默认 ./data）
  -h, --help         显示帮助`;

/** The general usage of plan-bot (Chinese for the county's admins; commands and options are as typed). */
export const USAGE = `plan-bot — 行动方案问答与进度汇报机器人

用法：
  plan-bot start                    启动机器人（没有配置聊天平台时打开控制台）
  plan-bot ask "任务14谁负责"          回答一个问题
  plan-bot ask --json < q.txt       每行一个问题，每行输出一个 JSON 结果
  plan-bot ask --json --dialog      同上，每行作为上一行的追问（那16呢）
  plan-bot replay t.jsonl           按模拟时钟回放一段对话记录
  plan-bot import plan.docx --out knowledge/NAME.json [--overlay FILE]   把方案文件（文本、网页、Word、PDF、WPS）导入为知识文件
  plan-bot import plan.pdf --preview   显示将导入的内容（与聊天中的预览相同），不写文件
  plan-bot export --format csv|xlsx|json [--plan ID] [--from 2021-W23] [--to 2021-W30] [--unit 县财政局] [--task 14] --out FILE
  plan-bot plans [--json]           已加载的方案：编号、名称、任务、单位、是否停用、本周汇报率
  plan-bot status [--json]          运行状态、数据、最近的每周任务、备份、节假日日历、平台、管理员（只读）
  plan-bot holidays                 节假日日历覆盖到哪一天（chinese-days 加 DATA/holidays.json）
  plan-bot web-link --admin lark:ou_x   输出网页看板的一次性登录链接（--leader：只能查看）
  plan-bot restore BACKUP_FILE      用备份替换数据库（须先停止机器人；原数据库保留）
  plan-bot migrate --to postgres://…  把数据目录中的数据复制到 PostgreSQL 并核对（见 docs/postgresql.md）
  plan-bot COMMAND --help           某个命令的帮助
  plan-bot --version                版本号
${COMMON}
设置来自环境变量和当前目录下的 .env（见 docs/operating.md › Configuration）。
退出码：0 完成；2 命令行、配置或输入文件有误（改正后再运行）；1 运行中出错；status 另有 3 = 未运行。
`;

/** Each command's own help. */
export const COMMAND_HELP: Record<string, string> = {
  start: `用法：plan-bot start [--data DIR] [--knowledge FILE]

启动环境变量或 .env 中配置的所有聊天平台（飞书：LARK_APP_ID …；企业微信：WECOM_CORP_ID …；微信：WECHATY_PUPPET …），
并运行每周任务。设置了 PLAN_BOT_WEB_PORT 时同时提供网页看板（docs/web.md）；只配置了网页看板时作为服务运行，不开控制台。
没有配置平台时打开控制台：在终端里可以编辑当前行、用 ↑↓ 翻看历史，“退出”或 Ctrl-C 结束，此时日志写入
DATA/plan-bot.log；也可以从管道读入问题。既没有平台、也没有终端或管道输入时（例如作为服务运行），它会说明原因
并以退出码 2 结束。启动时连不上的平台会按退避间隔重试；用 Ctrl-C 或 SIGTERM 停止。
通过 npm 运行时，选项前要加“--”：npm start -- --data /var/lib/plan-bot
${COMMON}`,
  ask: `用法：plan-bot ask "任务14谁负责" ["第二个问题" …]
      plan-bot ask --json [--dialog] < questions.txt

输出每个问题的回答。用 --json 且不给问题时，从标准输入每行读一个问题，每行输出一个 JSON 对象：
{"question","text","found","tasks","units","plan"}（"plan"：回答所用方案的编号；机器人反问“哪个方案”时为空值）。
加 --dialog 时每行作为上一行的追问（那16呢、它的牵头单位），如同聊天，也可以用序号或方案名回答“哪个方案”。
${COMMON}`,
  replay: `用法：plan-bot replay transcript.jsonl [--data DIR]

按模拟时钟回放一段对话记录（每行一个 JSON 对象：消息、时钟（"tick"）、管理员（"admins"）、花名册（"roster"）），
每条发出的消息输出为一行 JSON。消息行可以带 "quote"，即它所回复的那条消息的文字。用 --knowledge 文件夹 时加载
其中所有方案。不加 --data 时在新建的临时目录中运行（目录名写在标准错误上），不会碰正式数据；忽略 PLAN_BOT_DATA。
节假日与 start 一样来自 DIR/holidays.json。
${COMMON}`,
  import: `用法：plan-bot import FILE --out knowledge/NAME.json [--overlay FILE]
      plan-bot import FILE --preview [--overlay FILE]

读取一份方案——文本文件 .txt（UTF-8 或 GBK）、保存的网页 .html/.htm、Word 文档 .docx（自动编号照样读出）、
文字版 PDF，或经 LibreOffice（soffice；Debian 软件包 "libreoffice-writer-nogui"）读取的 .doc/.wps——解析为知识文件，并合并
人工维护的补充文件（默认：输出文件旁的 NAME.overlay.json）。结果不合格时什么也不写；提醒（看不懂的数字、只差一个字
的单位名等）会列出。加 --preview 时显示聊天中的预览，不写文件。如何处理列出的问题见 docs/importing.md。
${COMMON}`,
  export: `用法：plan-bot export --out FILE [--format csv|xlsx|json] [--plan ID] [--from 2021-W23] [--to 2021-W30] [--unit 县财政局] [--task 14]

把数据目录中的汇报导出为 CSV、XLSX 台账或 JSON（格式取自 --format 或文件扩展名）。默认范围从第一周到方案的
最后完成时限（或有数据的最后一周，取较晚者，但不超过本周）。只读数据目录；导出到 DATA/exports/ 时自动创建该文件夹。
在终端里显示一行进度，管道输出时不显示。加载了多个方案时：用 --plan（编号、简称、文号或 plan-bot plans 中的序号）
只导出一个方案；不加则导出全部方案（CSV 多一列“方案”，JSON 带方案列表和每条记录的方案，XLSX 每个方案一组工作表）。
${COMMON}`,
  plans: `用法：plan-bot plans [--knowledge PATH] [--data DIR] [--json]

列出机器人加载的方案（PLAN_BOT_KNOWLEDGE：一个文件或一个文件夹）：每个方案的编号（文件名，随每条汇报保存）、简称、
标题、文号、任务和单位，以及（只读数据目录，机器人运行时也可用）管理员是否停用了它、本周的汇报率。要增加方案，
把它导入到该文件夹（plan-bot import plan.txt --out 文件夹/NAME.json），然后在聊天中发送“重新加载方案”（或重启）。
${COMMON}`,
  status: `用法：plan-bot status [--data DIR] [--json]

显示版本、是否在运行（pid）、数据目录、汇报记录数、每周任务最近一次运行的时间、待发消息、最新备份及其时间、
节假日日历覆盖到哪天、已配置的平台和管理员（配置文件中的和聊天中添加的）。只读，机器人运行时也可使用。
退出码：0 正在运行且一切正常；1 有问题（数据目录不存在、数据库或 holidays.json 无法使用、备份失败或没有备份）；
3 一切正常但没有在运行。
--json 的键："ok" "version" "dataDir" "running" "pid" "records" "lastRun"（"prompt" "reminder" "digest"）
"pendingOutbox" "backup"（"dir" "newest" "at" "ageHours" "lastError"）"calendarCoveredUntil" "calendarCoversNext60Days"
"adapters" "admins" "problems"；PostgreSQL 上另有 "database"（密码已隐去）和 "replicas"（正在运行的副本数）。
${COMMON}`,
  restore: `用法：plan-bot restore BACKUP_FILE [--data DIR]

用备份（DATA/backups/plan-bot-YYYY-MM-DD.json，或 PLAN_BOT_BACKUP_DIR 中的）替换数据库。备份会像启动时一样先检查；
机器人必须已停止（会获取数据目录的锁）；当前的数据库和日志文件移到 DATA/replaced-<时间>/，不会删除。
${COMMON}`,
  migrate: `用法：plan-bot migrate --to postgres://用户:密码@主机:5432/数据库 [--data DIR]

把数据目录中的数据（汇报及其修改历史、花名册、聊天中添加的管理员、每周任务、未完成的追问、已处理的消息编号、
收件箱和待发消息等）复制到一个空的 PostgreSQL 数据库，建好数据表，并在提交前按条数和校验和核对：有任何不一致就
什么也不写。机器人必须已停止（会获取数据目录的锁）；数据目录保持原样。然后设置 PLAN_BOT_DATABASE_URL 再启动机器人。
佐证材料文件仍在 DATA/evidence 下。见 docs/postgresql.md。
${COMMON}`,
  'web-link': `用法：plan-bot web-link --admin 平台:ID | --leader 平台:ID [--data DIR]

输出网页看板的一次性登录链接（与 start 一样须设置 PLAN_BOT_WEB_PORT）：10分钟内有效、只能用一次，登录后会话保持8小时。
--admin 的 ID 须在 PLAN_BOT_ADMINS 中，--leader 的须在 PLAN_BOT_LEADERS 中（只能查看，不能导出）。请以服务用户运行
（如 "sudo -u plan-bot …"），以便读到同一个签名密钥（PLAN_BOT_WEB_SECRET 或 DATA/web-secret）。见 docs/web.md。
${COMMON}`,
  holidays: `用法：plan-bot holidays [--data DIR] [--json]

显示节假日日历覆盖到哪一天：chinese-days 软件包（国务院最近一次通知）加上 DATA/holidays.json。管理员每年根据
国务院办公厅的放假通知填写它，例如
  {"holidays": ["2027-01-01", "2027-02-10..2027-02-17"], "workdays": ["2027-02-07"]}
"holidays" 是放假日（a..b 含两端），"workdays" 是调休上班日。未来60天没有覆盖时，机器人在启动时和每周汇总时
提醒管理员。修改后请重启机器人。
${COMMON}`,
};
