import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importPlan } from '../../src/knowledge/import-plan.js';
import { defaultKnowledgePath } from '../../src/knowledge/load-knowledge.js';
import { PlanSet } from '../../src/knowledge/plan-set.js';
import { planIdFor } from '../../src/plans/plan-id.js';
import { projectRoot } from '../../src/project-root.js';
import type { Attachment, IncomingMessage, OutgoingText } from '../../src/shared/types.js';
import { makeDocx } from '../helpers/make-docx.js';
import { planBlocks } from '../helpers/plan-blocks.js';
import { planFolder, tempBot } from '../helpers/temp-bot.js';

const fixture = (name: string) =>
  readFileSync(path.join(projectRoot(), 'tests/fixtures/plans', name), 'utf8');
const RURAL_TXT = fixture('jishan-rural-revitalization-talent-2022.txt');
/** The rural-talent plan as a drafting office's Word file: 一、（一）1. from Word's numbering definitions. */
const RURAL_DOCX = makeDocx(planBlocks(RURAL_TXT));
const ROSTER = [
  { unit: '县财政局', members: [{ platform: 'lark', id: 'ou_fin', name: '王会计', role: 'liaison' }] },
  // an admin who is also a unit's liaison: while importing, the file is the plan, not 佐证材料
  { unit: '县教育局', members: [{ platform: 'lark', id: 'ou_admin', name: '督查室', role: 'liaison' }] },
];

/** A file attachment whose download is counted. */
function file(name: string, bytes: Uint8Array | string, kind: 'file' | 'image' = 'file') {
  const a = {
    downloads: 0,
    kind,
    name,
    key: `key_${name}`,
    download: async () => {
      a.downloads++;
      return typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes;
    },
  };
  return a satisfies Attachment & { downloads: number };
}

/** A bot whose plans come from a folder with the bundled plan; `send` returns the replies as text messages. */
async function world(o: { plans?: PlanSet; at?: string } = {}) {
  const folder = planFolder([]);
  const plans = o.plans ?? PlanSet.load(folder);
  const bot = await tempBot({
    plans,
    roster: ROSTER,
    admins: ['lark:ou_admin', 'wecom:DuChaShi'],
    at: o.at ?? '2022-06-06T10:00:00+08:00',
  });
  let seq = 0;
  const send = async (from: string, text: string, extra: Partial<IncomingMessage> = {}) => {
    const [platform, id] = from.split(':') as ['lark', string];
    const out = await bot.core.handle({
      platform,
      id: `m${++seq}`,
      chatId: `c_${id}`,
      chatType: 'direct',
      sender: { id },
      text,
      mentionsBot: true,
      at: bot.clock.now(),
      ...extra,
    });
    return out.filter((x): x is OutgoingText => 'text' in x && !('file' in x));
  };
  const text = async (from: string, t: string, extra: Partial<IncomingMessage> = {}) =>
    (await send(from, t, extra)).map((x) => x.text).join('\n');
  const later = (minutes: number) =>
    bot.clock.set(new Date(bot.clock.now().getTime() + minutes * 60_000).toISOString());
  return { ...bot, folder, plans, send, text, later };
}

describe('importing a plan in chat', () => {
  it('导入方案, then the Word file: a short preview with 确认导入 / 取消; confirmed, the plan is added and answers at once', async () => {
    const w = await world();
    const asked = await w.text('lark:ou_admin', '导入方案');
    expect(asked).toContain('请在5分钟内把方案文件发给我');
    const doc = file('乡村人才振兴方案.docx', RURAL_DOCX);
    const [preview] = await w.send('lark:ou_admin', '', { attachments: [doc] });
    expect(doc.downloads).toBe(1);
    const p = preview?.text ?? '';
    expect(p).toContain('方案预览：《稷山县乡村振兴人才培育三年行动方案（2022—2024年）》');
    expect(p).toContain('文号：稷政办发〔2022〕15号｜印发：稷山县人民政府办公室｜成文日期：2022年3月18日');
    expect(p).toContain('来源：乡村人才振兴方案.docx（Word 文档）');
    expect(p).toContain('重点任务16项，分');
    expect(p).toContain('责任单位18个：县农业农村局（牵头4项）、县乡村振兴局（牵头2项）、县财政局、');
    expect(p).toContain(
      '时限：发展目标到2024年底；单列时限的任务12项：任务1（2024年底）、任务2（2023年6月底）',
    );
    expect(p).toMatch(/数字指标\d+个：任务1：高素质农民（每年） 500人以上（2024年底）；/);
    expect(p).toContain('……（发送“完整预览”查看全部）');
    expect(p).toContain('需要核对（1处，不影响导入）：\n1. 责任单位“县财政局”和“县民政局”只差一个字');
    expect(p).toContain('确认后保存为方案目录中的 jizhengbanfa-2022-15.json');
    expect(p).toContain('回复“确认导入”导入，回复“取消”放弃（10分钟内有效）');
    // one phone screen: about twenty lines, none of them a page long
    expect(p.split('\n').length).toBeLessThanOrEqual(24);
    expect(preview?.buttons).toEqual([
      { label: '确认导入', say: '确认导入' },
      { label: '取消', say: '取消导入' },
    ]);
    // nothing is written before the confirmation, and the file went to no check-in as evidence
    expect(readdirSync(w.folder)).toEqual(['jishan-2021.json']);
    expect(w.store.data.checkins).toHaveLength(0);
    // the full preview on request: every figure and unit
    const full = await w.text('lark:ou_admin', '完整预览');
    expect(full).toContain('数字指标');
    expect(full.split('\n').length).toBeGreaterThan(p.split('\n').length);

    w.later(3);
    const done = await w.text('lark:ou_admin', '确认导入');
    expect(done).toContain(
      '已导入乡村振兴人才培育行动方案（《稷山县乡村振兴人才培育三年行动方案（2022—2024年）》稷政办发〔2022〕15号）：16项任务',
    );
    expect(done).toContain('现有2个方案');
    expect(done).toContain('imports/jizhengbanfa-2022-15/');
    expect(done).toMatch(/\d+个责任单位还没有绑定联络员/);
    const written = path.join(w.folder, 'jizhengbanfa-2022-15.json');
    expect(JSON.parse(readFileSync(written, 'utf8')).document.docNumber).toBe('稷政办发〔2022〕15号');
    // the same plan as the import of its text, whatever the format it came in
    const fromText = importPlan(RURAL_TXT);
    expect(fromText.ok && JSON.parse(readFileSync(written, 'utf8'))).toEqual(
      fromText.ok && fromText.knowledge,
    );
    const kept = path.join(w.dataDir, 'imports', 'jizhengbanfa-2022-15');
    expect(readFileSync(path.join(kept, 'source.docx'))).toEqual(Buffer.from(RURAL_DOCX));
    expect(JSON.parse(readFileSync(path.join(kept, 'import.json'), 'utf8'))).toMatchObject({
      id: 'jizhengbanfa-2022-15',
      fileName: '乡村人才振兴方案.docx',
      format: 'docx',
      by: 'lark:ou_admin',
    });
    expect(w.plans.size).toBe(2);
    // questions about the new plan are answered right away, by anyone
    expect(await w.text('lark:ou_fin', '县科协负责哪些任务')).toContain('〔乡村振兴人才培育行动方案〕县科协');
    expect(await w.text('lark:ou_fin', '乡村人才振兴方案 任务1谁负责')).toContain(
      '〔乡村振兴人才培育行动方案〕',
    );
    expect(await w.text('lark:ou_fin', '方案列表')).toContain('已加载2个方案');
    // the preview is used once
    expect(await w.text('lark:ou_admin', '确认导入')).toContain('没有待确认的导入');
  });

  it('takes the file sent with 导入方案 as its caption, and a .txt as well as a Word file', async () => {
    const w = await world();
    const txt = file('campus.txt', fixture('jishan-campus-safety-2023.txt'));
    const [preview] = await w.send('lark:ou_admin', '导入方案', { attachments: [txt] });
    expect(preview?.text).toContain('《稷山县2023年校园安全提升行动实施方案》');
    expect(preview?.text).toContain('来源：campus.txt（文本文件）');
    expect(await w.text('lark:ou_admin', '确认导入')).toContain('已导入校园安全实施方案');
    expect(existsSync(path.join(w.folder, 'jizhengbanfa-2023-7.json'))).toBe(true);
    expect(await w.text('lark:ou_fin', '防溺水谁负责')).toContain('〔校园安全实施方案〕');
  });

  it('取消 (or the 取消 button) imports nothing; a file after that is not taken for import', async () => {
    const w = await world();
    await w.send('lark:ou_admin', '导入方案', { attachments: [file('plan.docx', RURAL_DOCX)] });
    expect(await w.text('lark:ou_admin', '取消')).toBe('已取消，什么都没有导入。');
    expect(await w.text('lark:ou_admin', '确认导入')).toContain('没有待确认的导入');
    expect(readdirSync(w.folder)).toEqual(['jishan-2021.json']);
    expect(existsSync(path.join(w.dataDir, 'imports'))).toBe(false);
    await w.text('lark:ou_admin', '导入方案');
    expect(await w.text('lark:ou_admin', '取消导入')).toBe('已取消，什么都没有导入。');
    // the admin is also a liaison: without an import going on, a file is evidence as before
    const later = file('plan.docx', RURAL_DOCX);
    expect(await w.text('lark:ou_admin', '', { attachments: [later] })).toContain('没有找到可以关联的汇报');
    expect(later.downloads).toBe(0);
    // 取消 without an import going on is not ours
    expect(await w.text('lark:ou_admin', '取消')).not.toContain('导入');
  });

  it('refuses anyone who is not an admin, without downloading the file', async () => {
    const w = await world();
    expect(await w.text('lark:ou_fin', '导入方案')).toContain('只有管理员可以导入方案');
    const doc = file('plan.docx', RURAL_DOCX);
    expect(await w.text('lark:ou_fin', '导入方案', { attachments: [doc] })).toContain(
      '只有管理员可以导入方案',
    );
    expect(doc.downloads).toBe(0);
    expect(await w.text('lark:ou_fin', '确认导入')).toContain('只有管理员');
    // the liaison's files after a report are still kept as evidence
    await w.text('lark:ou_fin', '任务2 进度50% 已召开推进会');
    const photo = file('会议纪要.pdf', '%PDF-1.4 minutes');
    expect(await w.text('lark:ou_fin', '', { attachments: [photo] })).toContain('已保存佐证材料1份');
    expect(readdirSync(w.folder)).toEqual(['jishan-2021.json']);
  });

  it('a file with errors cannot be confirmed: every error with its line and how to fix it; a corrected file may follow', async () => {
    const w = await world();
    await w.text('lark:ou_admin', '导入方案');
    const [bad] = await w.send('lark:ou_admin', '', {
      attachments: [file('测试方案.txt', fixture('plan-broken.txt'))],
    });
    expect(bad?.buttons).toBeUndefined();
    const t = bad?.text ?? '';
    expect(t).toContain('无法导入“测试方案.txt”（文本文件）：');
    expect(t).toMatch(/第\d+行「2\.第二项工作。做好第二项工作。」：任务2没有写责任单位/);
    expect(t).toContain('任务编号2出现了两次');
    expect(t).toContain('怎么改：');
    expect(t).toContain('在该任务段末尾加上“（责任单位：A、B）”');
    expect(t).toContain('改正后直接把新文件发给我（5分钟内有效）');
    expect(await w.text('lark:ou_admin', '确认导入')).toContain('没有待确认的导入');
    // the corrected file, right after
    await w.text('lark:ou_admin', '导入方案');
    await w.text('lark:ou_admin', '', { attachments: [file('测试方案.txt', 'nothing')] });
    const [good] = await w.send('lark:ou_admin', '', { attachments: [file('rural.docx', RURAL_DOCX)] });
    expect(good?.text).toContain('方案预览：《稷山县乡村振兴人才培育三年行动方案');
    expect(good?.buttons).toHaveLength(2);
  });

  it('says which files are accepted, refuses large ones and photos, before or without reading them', async () => {
    const w = await world();
    await w.text('lark:ou_admin', '导入方案');
    const xlsx = file('台账.xlsx', 'PK\u0003\u0004');
    const answer = await w.text('lark:ou_admin', '', { attachments: [xlsx] });
    expect(answer).toContain(
      '没有导入“台账.xlsx”：不支持 .xlsx 文件。可以导入的格式：.txt、.html/.htm、.docx、.pdf',
    );
    expect(xlsx.downloads).toBe(0);
    expect(await w.text('lark:ou_admin', '', { attachments: [file('', 'x', 'image')] })).toContain(
      '收到的是图片，不能作为方案导入',
    );
    const big = file('方案.pdf', new Uint8Array(21 * 1024 * 1024));
    expect(await w.text('lark:ou_admin', '', { attachments: [big] })).toContain(
      '“方案.pdf”太大（21.0 MB），聊天中导入的文件最大 20 MB',
    );
    // a PDF without a text layer: the reader's own reason
    expect(await w.text('lark:ou_admin', '', { attachments: [file('x.docx', 'not a zip')] })).toContain(
      '文件名是 .docx，但内容不是 .docx 文件',
    );
    // still waiting: the right file is taken
    const [ok] = await w.send('lark:ou_admin', '', { attachments: [file('r.docx', RURAL_DOCX)] });
    expect(ok?.buttons).toHaveLength(2);
  });

  it('waits a few minutes for the file: later, a file is not taken for import', async () => {
    const w = await world();
    await w.text('lark:ou_admin', '导入方案');
    w.later(6);
    const doc = file('plan.docx', RURAL_DOCX);
    expect(await w.text('lark:ou_admin', '', { attachments: [doc] })).not.toContain('方案预览');
    expect(doc.downloads).toBe(0);
  });

  it('a plan already loaded (same 文号) is not added twice; chat import only adds', async () => {
    const w = await world();
    const seed = readFileSync(
      path.join(projectRoot(), 'knowledge/source/jishan-vocational-education-plan-2021.txt'),
    );
    const [r] = await w.send('lark:ou_admin', '导入方案', { attachments: [file('职教.txt', seed)] });
    expect(r?.text).toContain('方案预览：《稷山县推进新时代职业教育改革发展行动计划》');
    expect(r?.text).toContain(
      '这个方案已经加载：职教行动计划（稷政发〔2021〕6号，方案目录中的 jishan-2021.json）',
    );
    expect(r?.text).toContain('plan-bot import 文件 --out');
    expect(r?.buttons).toBeUndefined();
    expect(await w.text('lark:ou_admin', '确认导入')).toContain('没有待确认的导入');
  });

  it('a bot whose plans come from one file says how to switch to a folder', async () => {
    const w = await world({ plans: PlanSet.load(defaultKnowledgePath) });
    const asked = await w.text('lark:ou_admin', '导入方案');
    expect(asked).toContain('不能在聊天中添加方案：本机器人的方案是从单个文件（jishan-2021.json）加载的');
    expect(asked).toContain('把 PLAN_BOT_KNOWLEDGE（或 --knowledge）改为这个目录');
    const [r] = await w.send('lark:ou_admin', '', { attachments: [file('r.docx', RURAL_DOCX)] });
    expect(r?.text).toContain('方案预览');
    expect(r?.text).toContain('不能在聊天中添加方案');
    expect(r?.buttons).toBeUndefined();
    expect(await w.text('lark:ou_admin', '确认导入')).toContain('没有待确认的导入');
  });

  it('leaves nothing behind when the plan folder cannot be reloaded, and keeps the plans loaded', async () => {
    const w = await world();
    await w.send('lark:ou_admin', '导入方案', { attachments: [file('r.docx', RURAL_DOCX)] });
    writeFileSync(path.join(w.folder, 'zz-broken.json'), '{"document": {}}');
    const r = await w.text('lark:ou_admin', '确认导入');
    expect(r).toContain(
      '没有导入：方案目录中有文件不能读取，新方案没有加载：zz-broken.json 不是有效的方案文件',
    );
    expect(r).not.toContain(w.folder);
    expect(r).toContain('原有方案继续使用');
    expect(readdirSync(w.folder).sort()).toEqual(['jishan-2021.json', 'zz-broken.json']);
    expect(readdirSync(path.join(w.dataDir, 'imports'))).toEqual([]);
    expect(w.plans.size).toBe(1);
  });

  it('the file in a group: 导入方案 with @, the file without (a file message cannot @ the bot)', async () => {
    const w = await world();
    const group = { chatType: 'group' as const, chatId: 'oc_office' };
    await w.text('lark:ou_admin', '导入方案', { ...group, mentionsBot: true });
    const [r] = await w.send('lark:ou_admin', '', {
      ...group,
      mentionsBot: false,
      attachments: [file('r.docx', RURAL_DOCX)],
    });
    expect(r?.text).toContain('方案预览');
    // someone else's file in the group is not taken
    const other = file('x.docx', RURAL_DOCX);
    await w.send('lark:ou_fin', '', { ...group, mentionsBot: false, attachments: [other] });
    expect(other.downloads).toBe(0);
    expect(await w.text('lark:ou_admin', '确认导入', { ...group, mentionsBot: true })).toContain('已导入');
  });
});

describe('the id of a plan imported in chat', () => {
  it('comes from the 文号, else the title; ASCII, and never one taken', () => {
    const none = () => false;
    expect(planIdFor({ title: 'x', docNumber: '稷政发〔2021〕6号' }, none)).toBe('jizhengfa-2021-6');
    expect(planIdFor({ title: 'x', docNumber: '稷政办发[2023] 7号' }, none)).toBe('jizhengbanfa-2023-7');
    expect(planIdFor({ title: '稷山县2023年校园安全提升行动实施方案', docNumber: '' }, none)).toBe(
      'xiaoyuananquan-2023',
    );
    expect(planIdFor({ title: '../../etc/passwd', docNumber: '' }, none)).toMatch(/^[a-z0-9-]+$/);
    const taken = new Set(['jizhengfa-2021-6', 'jizhengfa-2021-6-2']);
    expect(planIdFor({ title: 'x', docNumber: '稷政发〔2021〕6号' }, (id) => taken.has(id))).toBe(
      'jizhengfa-2021-6-3',
    );
  });
});
