import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { MessageContext } from '../core/context.js';
import type { Handler } from '../core/handler.js';
import type { Logger } from '../core/logger.js';
import { type ImportPreview, previewImport } from '../import/preview-import.js';
import { ACCEPTED, unsupportedName } from '../import/read-plan-file.js';
import { renderChatPreview } from '../import/render-chat-preview.js';
import type { Plan, PlanSet } from '../knowledge/plan-set.js';
import type { Knowledge } from '../knowledge/schema.js';
import { projectRoot } from '../project-root.js';
import type { ActionButton, Outgoing } from '../shared/types.js';
import type { Store } from '../store/store.js';
import { UserError } from '../user-error.js';
import { addPlan, type ImportedFile, planFolderOf, takenIds } from './add-plan.js';
import { planIdFor } from './plan-id.js';

/** What importing a plan in chat needs. */
export interface ImportDeps {
  plans: PlanSet;
  store: Store;
  log: Logger;
  /** The data directory: received files are kept under its imports/. */
  dataDir: string;
  /** Largest file taken (default 20 MB). */
  maxBytes?: number;
  /** How long after 导入方案 the file may come (default 5 minutes). */
  fileWaitMs?: number;
  /** How long a preview waits for 确认导入 (default 10 minutes; kept in memory, so a restart forgets it). */
  confirmWaitMs?: number;
}

/** The import an admin has going in a conversation: waiting for the file, or for 确认导入 of its preview. */
type PendingImport =
  | { stage: 'file'; at: number }
  | { stage: 'confirm'; at: number; file: ImportedFile; preview: ImportPreview & { plan: Knowledge } };

const SLOT = 'plan-import';
const MAX_BYTES = 20 * 1024 * 1024;
const FILE_WAIT_MS = 5 * 60_000;
const CONFIRM_WAIT_MS = 10 * 60_000;
const BUTTONS: ActionButton[] = [
  { label: '确认导入', say: '确认导入' },
  { label: '取消', say: '取消导入' },
];
const NOT_ADMIN = '只有管理员可以导入方案。需要添加方案时，请把文件发给管理员。';
const NOTHING_PENDING = '没有待确认的导入（预览已过期或已经处理）。请先发送“导入方案”，再发送方案文件。';

let words: { cancel: string[] } | undefined;

/** The words that cancel a pending import when said alone (import-words.json). */
function cancelWords(): string[] {
  words ??= z
    .object({ $comment: z.string().optional(), cancel: z.array(z.string().min(1)) })
    .parse(JSON.parse(readFileSync(path.join(projectRoot(), 'src/plans/import-words.json'), 'utf8')));
  return words.cancel;
}

/** A 文号 compared however its brackets and spaces were typed (稷政发[2021]6号 is 稷政发〔2021〕6号). */
const docKey = (s: string) =>
  s
    .replace(/\s+/g, '')
    .replace(/[[［(（【]/g, '〔')
    .replace(/[\]］)）】]/g, '〕');

/** A loaded plan that is the same document: the same 文号, or the same title when either has none. */
function sameDocument(k: Knowledge, set: PlanSet): Plan | undefined {
  const no = docKey(k.document.docNumber);
  const title = k.document.title.replace(/\s+/g, '');
  return set.list.find((p) => {
    const other = docKey(p.kb.document.docNumber);
    return no && other ? no === other : p.kb.document.title.replace(/\s+/g, '') === title;
  });
}

/** Why a plan cannot be added in chat when the plans come from one file, and how to switch to a folder. */
function noFolderText(set: PlanSet): string {
  const file = set.source ? path.basename(set.source) : `${set.first.id}.json`;
  return [
    `不能在聊天中添加方案：本机器人的方案是从单个文件（${file}）加载的，没有方案目录。改用方案目录的办法（说明文档 docs/plans.md）：`,
    `1. 在服务器上建一个方案目录，把现在的方案文件原样放进去（文件名不要改，已有记录按文件名对应），如 mkdir -p /etc/plan-bot/plans && cp ${file} /etc/plan-bot/plans/；`,
    '2. 把 PLAN_BOT_KNOWLEDGE（或 --knowledge）改为这个目录，重启机器人；',
    '3. 之后发送“导入方案”和文件即可在聊天中添加方案，不需要再重启。',
  ].join('\n');
}

/**
 * 导入方案 in chat: an admin sends a plan file with 导入方案 as its caption, or says 导入方案 and then sends the file
 * within FILE_WAIT_MS; the bot downloads it (through the platform's resource API), reads it with the importer and
 * replies with a short preview and 确认导入 / 取消 (buttons on Lark and WeCom; the text says what to reply). A file
 * with errors cannot be confirmed: the reply says how to fix them, and a corrected file may follow at once.
 * 确认导入 adds the plan next to the others (add-plan.ts: `<id>.json` written atomically in the plan folder, the file
 * kept under imports/, the plans reloaded) — answered at once, without a restart. The pending import lives in the
 * conversation tracker (memory). Registered before the evidence handler: the file an importing admin sends is the
 * plan, never 佐证材料; anyone else's files are left to it.
 */
export function importHandler(d: ImportDeps): Handler {
  const fileWait = d.fileWaitMs ?? FILE_WAIT_MS;
  const confirmWait = d.confirmWaitMs ?? CONFIRM_WAIT_MS;
  const maxBytes = d.maxBytes ?? MAX_BYTES;
  let writing: Promise<unknown> = Promise.resolve();

  const pending = (ctx: MessageContext): PendingImport | undefined => {
    const p = ctx.conversation.recall<PendingImport>(SLOT);
    if (!p) return undefined;
    const age = ctx.now.getTime() - p.at;
    return age >= 0 && age <= (p.stage === 'file' ? fileWait : confirmWait) ? p : undefined;
  };
  const keep = (ctx: MessageContext, p: PendingImport | undefined) => ctx.conversation.remember(SLOT, p);
  const waitForFile = (ctx: MessageContext) => keep(ctx, { stage: 'file', at: ctx.now.getTime() });
  const minutes = (ms: number) => Math.max(1, Math.round(ms / 60_000));
  const addressed = (ctx: MessageContext) => ctx.msg.chatType !== 'group' || ctx.msg.mentionsBot;
  const isCancel = (ctx: MessageContext) =>
    ctx.command?.name === 'importCancel' ||
    cancelWords().includes(ctx.simplified.replace(/[。.!！~～]+$/u, ''));

  /** A file sent with 导入方案, or after it: downloaded, read and previewed. */
  async function takeFile(ctx: MessageContext): Promise<Outgoing[]> {
    const files = (ctx.msg.attachments ?? []).filter((a) => a.kind === 'file');
    if (files.length === 0) {
      waitForFile(ctx);
      return [ctx.reply(`收到的是图片，不能作为方案导入。请发送方案文件（${ACCEPTED}）。`)];
    }
    const a = files[0] as NonNullable<(typeof files)[0]>;
    const name = a.name?.trim() || '方案文件';
    const notes = files.length > 1 ? [`一次导入一个文件：只读取了第一个文件“${name}”。`] : [];
    const bad = unsupportedName(name);
    if (bad) {
      waitForFile(ctx);
      return [ctx.reply(`没有导入“${name}”：${bad}`)];
    }
    let bytes: Uint8Array;
    try {
      bytes = await a.download();
    } catch (err) {
      d.log.warn({ err, key: a.key, msgId: ctx.msg.id }, 'plan import: download failed');
      waitForFile(ctx);
      return [ctx.reply(`没有收到“${name}”：文件下载失败，请重新发送。`)];
    }
    if (bytes.length === 0) {
      waitForFile(ctx);
      return [ctx.reply(`“${name}”是空文件，请重新发送方案文件。`)];
    }
    if (bytes.length > maxBytes) {
      waitForFile(ctx);
      return [
        ctx.reply(
          `“${name}”太大（${(bytes.length / 1048576).toFixed(1)} MB），聊天中导入的文件最大 ${Math.round(maxBytes / 1048576)} MB。方案正文通常不到 1 MB：请删去其中的图片后另存再发送，或请技术人员在服务器上用 plan-bot import 导入。`,
        ),
      ];
    }
    const p = await previewImport(bytes, name);
    const text = [...notes, renderChatPreview(p, name)];
    if (!p.plan || !p.format) {
      waitForFile(ctx);
      text.push(`改正后直接把新文件发给我（${minutes(fileWait)}分钟内有效），或回复“取消”。`);
      return [ctx.reply(text.join('\n'))];
    }
    const folder = planFolderOf(d.plans);
    const same = sameDocument(p.plan, d.plans);
    if (!folder || same) {
      keep(ctx, undefined);
      text.push('', folder ? alreadyLoaded(same as Plan, folder) : noFolderText(d.plans));
      return [ctx.reply(text.join('\n'))];
    }
    keep(ctx, {
      stage: 'confirm',
      at: ctx.now.getTime(),
      file: { name, bytes, format: p.format },
      preview: { ...p, plan: p.plan },
    });
    const id = planIdFor(p.plan.document, takenIds(d.plans, d.store, d.dataDir));
    text.push(
      `确认后保存为方案目录中的 ${id}.json。`,
      `回复“确认导入”导入，回复“取消”放弃（${minutes(confirmWait)}分钟内有效）。`,
    );
    return [ctx.reply(text.join('\n'), { buttons: BUTTONS })];
  }

  /** 确认导入: the previewed plan written into the plan folder and loaded. */
  async function confirm(ctx: MessageContext): Promise<Outgoing[]> {
    const p = pending(ctx);
    if (p?.stage !== 'confirm') return [ctx.reply(NOTHING_PENDING)];
    keep(ctx, undefined);
    const kb = p.preview.plan;
    const folder = planFolderOf(d.plans);
    // another admin may have imported it, or the folder changed, since the preview
    const same = sameDocument(kb, d.plans);
    if (!folder || same)
      return [ctx.reply(folder ? alreadyLoaded(same as Plan, folder) : noFolderText(d.plans))];
    const by = `${ctx.msg.platform}:${ctx.msg.sender.id}`;
    const run = writing.then(() =>
      addPlan(d.plans, kb, p.file, { store: d.store, dataDir: d.dataDir, by, at: ctx.now }),
    );
    writing = run.catch(() => {});
    let added: Awaited<typeof run>;
    try {
      added = await run;
    } catch (err) {
      d.log.warn({ err, by }, 'plan import: not added');
      // a bad file of the folder (KnowledgeError) is named without the server's paths
      const why =
        err instanceof UserError
          ? `方案目录中有文件不能读取，新方案没有加载：${(err.message.split('\n')[0] ?? '').replace(/[^\s:]*[/\\\\]([^\s/\\\\:]+)/g, '$1')}\n请技术人员修正或移走那个文件后再导入。`
          : '写入方案目录或重新加载方案时出错。';
      return [ctx.reply(`没有导入：${why}\n原有方案继续使用；什么都没有改变。`)];
    }
    d.log.info({ plan: added.id, file: added.file, by, plans: d.plans.size }, 'plan imported in chat');
    const plan = d.plans.get(added.id) as Plan;
    const bound = new Set(d.store.data.roster.filter((u) => u.members.length > 0).map((u) => u.unit));
    const taskUnits = [...new Set(plan.kb.tasks.flatMap((t) => t.units))];
    const unbound = taskUnits.filter((u) => !bound.has(u));
    const example = plan.kb.tasks[0] ? `${plan.short} 任务1谁负责` : `${plan.short}的文号是什么`;
    return [
      ctx.reply(
        [
          `已导入${plan.short}（《${plan.kb.document.title}》${plan.kb.document.docNumber}）：${plan.kb.tasks.length}项任务，${plan.kb.units.length}个责任单位。现有${d.plans.size}个方案。`,
          `保存为方案目录中的 ${added.id}.json；收到的文件保存在数据目录的 imports/${added.id}/。`,
          `现在就可以提问，例如：“${example}”。`,
          ...(unbound.length
            ? [
                `${unbound.length}个责任单位还没有绑定联络员，收不到每周汇报提醒：${unbound.slice(0, 8).join('、')}${unbound.length > 8 ? '等' : ''}。发送“绑定 单位 @某人”添加。`,
              ]
            : []),
        ].join('\n'),
      ),
    ];
  }

  return {
    name: 'plan import',
    // the file after 导入方案 may come in a group without @ (a file message cannot @ the bot)
    unaddressed: true,
    help: {
      section: '',
      adminLines: [
        '管理员（导入方案）：发送“导入方案”，再发送方案文件（.docx、.pdf、.html、.txt；.doc/.wps 需服务器装 LibreOffice），或发送文件时附言“导入方案”；先回复预览，回复“确认导入”后加入方案目录，不需重启',
      ],
    },
    match(ctx) {
      const cmd = ctx.command?.name;
      if (cmd === 'importPlan' || cmd === 'importConfirm' || cmd === 'importCancel') return addressed(ctx);
      const p = pending(ctx);
      if (!p) return false;
      if (ctx.msg.attachments?.length && ctx.text === '') return true;
      return addressed(ctx) && (cmd === 'importPreview' || isCancel(ctx));
    },
    async handle(ctx) {
      if (!ctx.sender.admin) return [ctx.reply(NOT_ADMIN)];
      const cmd = ctx.command?.name;
      if (ctx.msg.attachments?.length && (cmd === 'importPlan' || ctx.text === '')) return takeFile(ctx);
      if (cmd === 'importPlan') {
        waitForFile(ctx);
        const folder = planFolderOf(d.plans);
        return [
          ctx.reply(
            [
              `请在${minutes(fileWait)}分钟内把方案文件发给我（${ACCEPTED}；最大 ${Math.round(maxBytes / 1048576)} MB）。我先回复预览，您确认后才导入。`,
              ...(folder ? [] : ['', noFolderText(d.plans), '（仍可以发送文件查看预览。）']),
            ].join('\n'),
          ),
        ];
      }
      if (cmd === 'importConfirm') return confirm(ctx);
      const p = pending(ctx);
      if (cmd === 'importPreview' && p?.stage === 'confirm')
        return [ctx.reply(`${p.preview.text}\n\n回复“确认导入”导入，回复“取消”放弃。`, { buttons: BUTTONS })];
      if (cmd === 'importPreview') return [ctx.reply('还没有收到方案文件：请把文件发给我。')];
      keep(ctx, undefined);
      return [ctx.reply(p ? '已取消，什么都没有导入。' : '没有进行中的导入。')];
    },
  };
}

/** The reply for a plan that is already loaded: chat import only adds plans; replacing one is done on the server. */
function alreadyLoaded(plan: Plan, folder: string): string {
  return [
    `这个方案已经加载：${plan.short}（${plan.kb.document.docNumber || plan.kb.document.title}，方案目录中的 ${plan.id}.json），没有再导入。`,
    `聊天中只能添加新方案。要用这个文件替换它的内容（已有记录按任务编号保留），请技术人员在服务器上运行：plan-bot import 文件 --out ${path.join(folder, `${plan.id}.json`)}，再发送“重新加载方案”。`,
  ].join('\n');
}
