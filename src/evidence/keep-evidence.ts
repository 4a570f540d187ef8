import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Roster } from '../checkins/roster.js';
import type { Logger } from '../core/logger.js';
import { replyAddress } from '../core/reply-address.js';
import { normalizeText } from '../language/normalize.js';
import { findRefs } from '../qa/find-refs.js';
import type { Attachment, Clock, IncomingMessage, Outgoing } from '../shared/types.js';
import type { Checkin, Evidence } from '../store/db-schema.js';
import type { Store } from '../store/store.js';

/** What evidence keeping needs. */
export interface EvidenceDeps {
  store: Store;
  roster: Roster;
  clock: Clock;
  log: Logger;
  dataDir: string;
  /** How long after a report a photo or file still belongs to it (default 10 minutes). */
  windowMs?: number;
  /** Largest file kept (default 50 MB). */
  maxBytes?: number;
}

const WINDOW_MS = 10 * 60_000;
const MAX_BYTES = 50 * 1024 * 1024;

/** File extension from the bytes (photos) or the sent name; never more than a short alphanumeric suffix. */
function extensionOf(a: Attachment, bytes: Uint8Array): string {
  const b = bytes;
  if (b[0] === 0xff && b[1] === 0xd8) return '.jpg';
  if (b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return '.png';
  if (b[0] === 0x47 && b[1] === 0x49 && b[2] === 0x46) return '.gif';
  if (b[0] === 0x25 && b[1] === 0x50 && b[2] === 0x44 && b[3] === 0x46) return '.pdf';
  const ext = /\.([A-Za-z0-9]{1,8})$/.exec(a.name ?? '')?.[1];
  return ext ? `.${ext.toLowerCase()}` : a.kind === 'image' ? '.img' : '.bin';
}

/** Words of a question: a photo with a question is a question about it, not a caption. */
const QUESTION = /[?？]|谁|什么|哪|吗|如何|怎么|多少|是否/;

/**
 * 佐证材料: photos and files from a bound liaison, kept with a check-in. `attach` is called for every message that
 * carries attachments, after any report in the same message was recorded. A message's attachments belong to:
 * the check-ins recorded from that same message (text with a photo); else the latest live check-in of the task
 * its caption names; else the sender's last report if it is at most `windowMs` old. Each is downloaded through
 * the attachment's `download()` (the platform's resource API), written to `<dataDir>/evidence/<week>/`, and
 * listed on the check-ins it belongs to (exports list it; 任务N进展如何 mentions it). Nothing is downloaded when
 * it belongs nowhere or the sender is not bound; the reply says why and what to do.
 */
export class EvidenceKeeper {
  constructor(private readonly d: EvidenceDeps) {}

  /**
   * True when a message with attachments is for the keeper: no text, a report, or a short caption (任务14 现场照片).
   * A question that comes with a screenshot is answered as a question instead, its attachments ignored.
   */
  takes(msg: IncomingMessage, isReport: boolean): boolean {
    if (!msg.attachments?.length) return false;
    const text = msg.text.trim();
    return text === '' || isReport || (text.length <= 40 && !QUESTION.test(text));
  }

  /**
   * A message with attachments: when its text is a report, `report` records it first and the attachments go with
   * what it recorded (none are kept when it recorded nothing, so a photo never lands on an older check-in);
   * otherwise they are kept as `attach` decides.
   */
  async withReport(msg: IncomingMessage, report?: () => Promise<Outgoing[]>): Promise<Outgoing[]> {
    if (!report) return this.attach(msg);
    const answer = await report();
    const key = `${msg.platform}:${msg.id}`;
    if (!this.d.store.data.checkins.some((c) => c.msgId === key && !c.withdrawn)) {
      return [
        ...answer,
        { to: replyAddress(msg), text: '图片和文件没有保存，因为这条汇报没有记录；汇报记录后再发送即可。' },
      ];
    }
    return [...answer, ...(await this.attach(msg))];
  }

  /** Keeps a message's attachments, or explains why not; returns the reply. */
  async attach(msg: IncomingMessage): Promise<Outgoing[]> {
    const to = replyAddress(msg);
    const list = msg.attachments ?? [];
    if (list.length === 0) return [];
    const bound = this.d.roster.memberOf(msg.platform, msg.sender.id);
    if (!bound) {
      return [
        {
          to,
          text: '图片和文件只作为已绑定单位联络员汇报的佐证材料保存。您还没有绑定单位，请先联系管理员绑定（发送“我的ID”查看您的ID）。',
        },
      ];
    }
    const targets = this.targetsOf(msg, bound.unit);
    if (targets.length === 0) {
      return [
        {
          to,
          text: `没有保存：没有找到可以关联的汇报。请先发送汇报（如：任务14 进度60% 情况说明），再在${Math.round((this.d.windowMs ?? WINDOW_MS) / 60_000)}分钟内发送图片或文件；或在文字中写明任务编号，如“任务14 现场照片”。`,
        },
      ];
    }
    const kept: Evidence[] = [];
    const failed: string[] = [];
    const week = (targets[0] as Checkin).week;
    const dir = path.join(this.d.dataDir, 'evidence', week);
    await mkdir(dir, { recursive: true });
    let n = 0;
    for (const a of list) {
      n++;
      const label = a.name || `${a.kind === 'image' ? '图片' : '文件'}${n}`;
      let bytes: Uint8Array;
      try {
        bytes = await a.download();
      } catch (err) {
        this.d.log.warn({ err, key: a.key, msgId: msg.id }, 'evidence download failed');
        failed.push(`${label}（下载失败）`);
        continue;
      }
      const max = this.d.maxBytes ?? MAX_BYTES;
      if (bytes.length === 0 || bytes.length > max) {
        failed.push(`${label}（${bytes.length === 0 ? '空文件' : `超过${Math.round(max / 1048576)}MB`}）`);
        continue;
      }
      const ext = extensionOf(a, bytes);
      // the file name is ours: a random id and a checked extension; the sent name is kept only as data
      const rel = path.posix.join('evidence', week, `${randomUUID()}${ext}`);
      await writeFile(path.join(this.d.dataDir, rel), bytes);
      kept.push({
        file: rel,
        name: a.name || `${label}${ext}`,
        kind: a.kind,
        bytes: bytes.length,
        at: this.d.clock.now().toISOString(),
        msgId: `${msg.platform}:${msg.id}`,
      });
    }
    if (kept.length) {
      this.d.store.changeCheckins(targets, (c) => {
        c.evidence = [...(c.evidence ?? []), ...kept];
      });
      try {
        await this.d.store.commit();
      } catch {
        return [{ to, text: '未保存：服务器写入失败，佐证材料没有保存，请稍后重新发送。' }];
      }
    }
    const tasks = targets.map((c) => `任务${c.task}`).join('、');
    const lines = [];
    if (kept.length)
      lines.push(`已保存佐证材料${kept.length}份，关联到 ${bound.unit} ${week} ${tasks}的汇报。`);
    if (failed.length) lines.push(`没有保存：${failed.join('、')}。`);
    return [{ to, text: lines.join('\n') }];
  }

  private targetsOf(msg: IncomingMessage, unit: string): Checkin[] {
    const all = this.d.store.data.checkins;
    const same = all.filter((c) => c.msgId === `${msg.platform}:${msg.id}` && !c.withdrawn);
    if (same.length) return same;
    const refs = msg.text ? findRefs(normalizeText(msg.text)) : undefined;
    if (refs?.kind === 'task') {
      const out: Checkin[] = [];
      for (const n of refs.numbers) {
        const latest = all.filter((c) => c.unit === unit && c.task === n && !c.withdrawn).at(-1);
        if (latest) out.push(latest);
      }
      return out;
    }
    const mine = all.filter(
      (c) => c.by.platform === msg.platform && c.by.id === msg.sender.id && !c.withdrawn,
    );
    const last = mine.at(-1);
    if (!last) return [];
    const age = this.d.clock.now().getTime() - Date.parse(last.at);
    if (age < 0 || age > (this.d.windowMs ?? WINDOW_MS)) return [];
    return mine.filter((c) => c.msgId === last.msgId);
  }
}
