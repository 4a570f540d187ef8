import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PlanSet } from '../../../src/knowledge/plan-set.js';
import { projectRoot } from '../../../src/project-root.js';
import { makeDocx } from '../../helpers/make-docx.js';
import { planBlocks } from '../../helpers/plan-blocks.js';
import { planFolder } from '../../helpers/temp-bot.js';
import { startWecom, wecomPoster } from './wecom-fixture.js';

const text = (name: string) => readFileSync(path.join(projectRoot(), 'tests/fixtures/plans', name), 'utf8');
/** The campus-safety plan as a drafting office's Word file, with Word's own numbering. */
const CAMPUS_DOCX = Buffer.from(makeDocx(planBlocks(text('jishan-campus-safety-2023.txt'))));

let current: { stop: () => Promise<void> } | undefined;
afterEach(async () => {
  await current?.stop();
  current = undefined;
});

type Card = { task_id: string; main_title: { title: string }; button_list: { text: string; key: string }[] };

/** The real WeCom adapter against the fake API, plans from a folder: DuChaShi is the admin, 王会计 a liaison. */
async function world() {
  const folder = planFolder([]);
  const w = await startWecom({ plans: PlanSet.load(folder) });
  current = { stop: w.stop };
  const send = wecomPoster(w.adapter, w.cfg);
  let seq = 7_000_000_000_000_000_000n;
  const post = async (fields: Record<string, string | number>) => {
    const res = await send({
      CreateTime: 1648000000,
      AgentID: Number(w.cfg.agentId),
      MsgId: String(++seq),
      ...fields,
    });
    await w.adapter.idle();
    return res;
  };
  const say = (from: string, content: string) =>
    post({ FromUserName: from, MsgType: 'text', Content: content });
  const sendFile = (from: string, mediaId: string, name: string, bytes: Buffer) => {
    w.api.media.set(mediaId, { name, bytes });
    return post({ FromUserName: from, MsgType: 'file', MediaId: mediaId, FileName: name });
  };
  const click = (from: string, card: Card, i: number) =>
    post({
      FromUserName: from,
      MsgType: 'event',
      Event: 'template_card_event',
      EventKey: card.button_list[i]?.key ?? '',
      TaskId: card.task_id,
      CardType: 'button_interaction',
      CreateTime: 1648000100 + i,
    });
  return { ...w, folder, say, sendFile, click };
}

describe('导入方案 on WeCom (real adapter, fake WeCom API)', () => {
  it('导入方案, then the Word file (media/get): the preview as text and a 按钮交互型 card; 确认导入 adds the plan', async () => {
    const w = await world();
    await w.say('DuChaShi', '导入方案');
    expect(w.api.texts().at(-1)).toContain('请在5分钟内把方案文件发给我');
    await w.sendFile('DuChaShi', 'MEDIA_PLAN', '校园安全实施方案.docx', CAMPUS_DOCX);
    expect(w.api.count('/cgi-bin/media/get')).toBe(1);
    const preview = w.api.texts().slice(1).join('');
    expect(preview).toContain('方案预览：《稷山县2023年校园安全提升行动实施方案》');
    expect(preview).toContain('文号：稷政办发〔2023〕7号');
    expect(preview).toContain('来源：校园安全实施方案.docx（Word 文档）');
    expect(preview).toContain('重点任务10项');
    expect(preview).toContain('回复“确认导入”导入，回复“取消”放弃');
    // within WeCom's 2,048 bytes a message: one phone screen is one message
    expect(w.api.texts()).toHaveLength(2);
    const card = w.api.cards().at(-1) as Card;
    expect(card.main_title.title).toBe('方案预览：《稷山县2023年校园安全提升行动实施方案》'.slice(0, 26));
    expect(card.button_list.map((b) => b.text)).toEqual(['确认导入', '取消']);
    expect(readdirSync(w.folder)).toEqual(['jishan-2021.json']);

    await w.click('DuChaShi', card, 0);
    expect(w.api.texts().at(-1)).toContain('已导入校园安全实施方案');
    expect(readdirSync(w.folder).sort()).toEqual(['jishan-2021.json', 'jizhengbanfa-2023-7.json']);
    expect(readFileSync(path.join(w.bot.dataDir, 'imports/jizhengbanfa-2023-7/source.docx'))).toEqual(
      CAMPUS_DOCX,
    );
    await w.say('WangKuaiJi', '防溺水谁负责');
    expect(w.api.texts().at(-1)).toContain('〔校园安全实施方案〕');
  });

  it('the 取消 button imports nothing; a liaison is refused and their files after a report stay evidence', async () => {
    const w = await world();
    await w.say('DuChaShi', '导入方案');
    await w.sendFile('DuChaShi', 'MEDIA_A', 'plan.docx', CAMPUS_DOCX);
    await w.click('DuChaShi', w.api.cards().at(-1) as Card, 1);
    expect(w.api.texts().at(-1)).toBe('已取消，什么都没有导入。');
    expect(readdirSync(w.folder)).toEqual(['jishan-2021.json']);

    await w.say('WangKuaiJi', '导入方案');
    expect(w.api.texts().at(-1)).toContain('只有管理员可以导入方案');
    await w.say('WangKuaiJi', '任务14 进度60% 已召开校企座谈会');
    await w.sendFile('WangKuaiJi', 'MEDIA_B', '座谈会纪要.docx', CAMPUS_DOCX);
    expect(w.api.texts().at(-1)).toContain('已保存佐证材料1份');
    expect(w.bot.store.data.checkins[0]?.evidence?.[0]?.name).toBe('座谈会纪要.docx');
  });

  it('says which files are accepted, without downloading one that cannot be a plan', async () => {
    const w = await world();
    await w.say('DuChaShi', '导入方案');
    await w.sendFile('DuChaShi', 'MEDIA_X', '任务台账.xlsx', Buffer.from('PK\u0003\u0004'));
    expect(w.api.count('/cgi-bin/media/get')).toBe(0);
    expect(w.api.texts().at(-1)).toContain(
      '不支持 .xlsx 文件。可以导入的格式：.txt、.html/.htm、.docx、.pdf',
    );
  });
});
