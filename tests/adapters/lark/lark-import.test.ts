import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PlanSet } from '../../../src/knowledge/plan-set.js';
import { projectRoot } from '../../../src/project-root.js';
import { makeDocx } from '../../helpers/make-docx.js';
import { planBlocks } from '../../helpers/plan-blocks.js';
import { planFolder } from '../../helpers/temp-bot.js';
import { cardAction, messageEvent } from './lark-events.js';
import { larkHarness, MODES } from './lark-harness.js';

const text = (name: string) => readFileSync(path.join(projectRoot(), 'tests/fixtures/plans', name), 'utf8');
/** A drafting office's Word file of the rural-talent plan (Word numbering) and the campus plan's text. */
const RURAL_DOCX = Buffer.from(makeDocx(planBlocks(text('jishan-rural-revitalization-talent-2022.txt'))));
const CAMPUS_TXT = Buffer.from(text('jishan-campus-safety-2023.txt'));

/** Every callback button's value in a card. */
function buttonValues(card: unknown): { act: string; text: string }[] {
  const out: { act: string; text: string }[] = [];
  const walk = (n: unknown) => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (n && typeof n === 'object') {
      const o = n as Record<string, unknown>;
      if (o.tag === 'button' && Array.isArray(o.behaviors))
        for (const b of o.behaviors as { value: { act: string; text: string } }[]) out.push(b.value);
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return out;
}

describe.each(MODES)('导入方案 on Lark (%s mode, real SDK, fake platform)', (mode) => {
  let h: Awaited<ReturnType<typeof larkHarness>>;
  let folder: string;
  beforeAll(async () => {
    folder = planFolder([]);
    h = await larkHarness(mode, { plans: PlanSet.load(folder) });
    h.fake.resources.set('file_rural', RURAL_DOCX);
    h.fake.resources.set('file_campus', CAMPUS_TXT);
  });
  afterEach(() => h.fake.reset());
  afterAll(() => h.stop());
  const admin = { from: 'ou_admin', chatType: 'p2p' as const, chatId: 'oc_admin' };
  const downloads = () => h.fake.requests.filter((r) => r.path.includes('/resources/'));
  const lastText = () => h.sentTexts().at(-1) ?? '';

  it('a post with the Word file and 导入方案: the preview on a card with 确认导入 / 取消; a click on 确认导入 adds the plan, which answers at once', async () => {
    const post = {
      title: '',
      content: [
        [{ tag: 'text', text: '导入方案' }],
        [
          {
            tag: 'media',
            file_key: 'file_rural',
            image_key: 'img_cover',
            file_name: '乡村人才振兴方案.docx',
          },
        ],
      ],
    };
    await h.deliver(
      messageEvent({
        ...admin,
        messageType: 'post',
        content: JSON.stringify(post),
        messageId: `om_post_${mode}`,
      }),
    );
    expect(downloads().map((r) => [r.path, r.query.type])).toEqual([
      [`/open-apis/im/v1/messages/om_post_${mode}/resources/file_rural`, 'file'],
    ]);
    const sent = h.fake.sent();
    expect(sent).toHaveLength(1);
    expect(sent[0]?.json?.msg_type).toBe('interactive');
    const card = h.sentContents()[0];
    const preview = JSON.stringify(card);
    expect(preview).toContain('方案预览：《稷山县乡村振兴人才培育三年行动方案（2022—2024年）》');
    expect(preview).toContain('文号：稷政办发〔2022〕15号');
    expect(preview).toContain('来源：乡村人才振兴方案.docx（Word 文档）');
    expect(preview).toContain('重点任务16项，分4组');
    const buttons = buttonValues(card);
    expect(buttons).toEqual([
      { act: 'say', text: '确认导入' },
      { act: 'say', text: '取消导入' },
    ]);
    expect(readdirSync(folder)).toEqual(['jishan-2021.json']);

    const cardMsg = [...h.fake.messages.keys()].at(-1) as string;
    h.fake.reset();
    await h.deliver(
      cardAction({ from: 'ou_admin', chatId: 'oc_admin', messageId: cardMsg, value: buttons[0] }),
    );
    expect(lastText()).toContain('已导入乡村振兴人才培育行动方案');
    expect(readdirSync(folder).sort()).toEqual(['jishan-2021.json', 'jizhengbanfa-2022-15.json']);
    expect(readFileSync(path.join(h.bot.dataDir, 'imports/jizhengbanfa-2022-15/source.docx'))).toEqual(
      RURAL_DOCX,
    );

    h.fake.reset();
    await h.deliver(
      messageEvent({ from: 'ou_reader', chatType: 'p2p', chatId: 'oc_r', text: '县科协负责哪些任务' }),
    );
    expect(lastText()).toContain('〔乡村振兴人才培育行动方案〕县科协');
  });

  it('导入方案 first, then the file message (a .txt); 取消 imports nothing', async () => {
    await h.deliver(messageEvent({ ...admin, text: '导入方案' }));
    expect(lastText()).toContain('请在5分钟内把方案文件发给我');
    expect(downloads()).toHaveLength(0);
    await h.deliver(
      messageEvent({
        ...admin,
        messageType: 'file',
        content: JSON.stringify({ file_key: 'file_campus', file_name: '校园安全.txt' }),
      }),
    );
    expect(downloads()).toHaveLength(1);
    expect(lastText()).toContain('《稷山县2023年校园安全提升行动实施方案》');
    await h.deliver(messageEvent({ ...admin, text: '取消' }));
    expect(lastText()).toContain('已取消，什么都没有导入');
    expect(readdirSync(folder)).not.toContain('jizhengbanfa-2023-7.json');
  });

  it('in a group: a post that @s the bot with 导入方案 and the file; a plan already loaded is not added twice', async () => {
    // a plain file message in a group reaches the bot only with LARK_GROUP_REPLIES=unit-chat (docs/importing.md)
    const post = {
      title: '',
      content: [
        [
          { tag: 'at', user_id: '@_user_1' },
          { tag: 'text', text: ' 导入方案' },
        ],
        [{ tag: 'media', file_key: 'file_rural', file_name: '乡村人才.docx' }],
      ],
    };
    await h.deliver(
      messageEvent({
        from: 'ou_admin',
        chatType: 'group',
        chatId: `oc_office_${mode}`,
        mentionBot: h.fake.botOpenId,
        messageType: 'post',
        content: JSON.stringify(post),
      }),
    );
    expect(downloads()).toHaveLength(1);
    expect(lastText()).toContain('这个方案已经加载：乡村振兴人才培育行动方案');
  });

  it('refuses someone who is not an admin, and does not download the file', async () => {
    const post = {
      title: '',
      content: [
        [{ tag: 'text', text: '导入方案' }],
        [{ tag: 'media', file_key: 'file_rural', file_name: 'x.docx' }],
      ],
    };
    await h.deliver(
      messageEvent({
        from: 'ou_fin1',
        chatType: 'p2p',
        chatId: 'oc_fin',
        messageType: 'post',
        content: JSON.stringify(post),
      }),
    );
    expect(downloads()).toHaveLength(0);
    expect(lastText()).toContain('只有管理员可以导入方案');
  });
});
