import { ascii, type Para, tidySpaces } from './plan-paragraphs.js';
import type { Knowledge } from './schema.js';

const iso = (y: string, m: string, d: string) => `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
const squeeze = (s: string) => s.replace(/\s/g, '');
const NOTICE = /^(.+?)关于印发《?(.+?)》?的通知$/;
const ISSUER_END = /(?:人民政府|办公室|委员会|人民政府办公室|局|厅|委|办)$/;

/** The notice line (…关于印发…的通知), also when the issuer stands on the line above it. */
function noticeOf(paras: Para[]): string {
  for (const [i, p] of paras.entries()) {
    const t = squeeze(p.text);
    if (!/关于印发.+的通知$/.test(t)) continue;
    if (NOTICE.test(t)) return t;
    const above = squeeze(paras[i - 1]?.text ?? '');
    if (/^关于印发/.test(t) && ISSUER_END.test(above) && above.length <= 20) return above + t;
    return t;
  }
  return '';
}

/** The document's facts: title, notice, 文号, issuer, dates, index number, recipients, publicity, basis. */
export function readDocumentFacts(
  paras: Para[],
  lines: string[],
  preamble: string,
): Knowledge['document'] | undefined {
  const flatAll = ascii(lines.map(tidySpaces).join('\n'));
  const noticeText = noticeOf(paras);
  const nm = NOTICE.exec(noticeText);
  let title = nm?.[2] ?? '';
  const issuer =
    nm?.[1] ??
    /(?:发文机关|发布机构)[:：\s]*([\u4e00-\u9fa5]{2,20}?(?:人民政府办公室|人民政府|办公室|委员会|局))/.exec(
      ascii(lines.join('\n')),
    )?.[1] ??
    '';
  if (!title) {
    const t = paras.find((p) => /(?:行动计划|实施方案|工作方案|行动方案)$/.test(squeeze(p.text)));
    title = t ? squeeze(t.text) : '';
  }
  if (!title) return undefined;
  // 稷政发〔2021〕6号, also typed with [2021] or 【2021】 brackets
  const number = '[\\u4e00-\\u9fa5]{1,8}[〔［\\[【]\\d{4}[〕］\\]】]\\d+号';
  const labelled = new RegExp(`(?:文号|发文字号|字号)[:：\\s]*(${number})`).exec(flatAll);
  const docNumber =
    labelled?.[1] ?? new RegExp(`(?:^|\\n)\\s*(${number})\\s*(?:\\n|$)`).exec(flatAll)?.[1] ?? '';
  const dateLine = paras.find((p) => /^\d{4}年\d{1,2}月\d{1,2}日$/.test(squeeze(ascii(p.text))));
  // the signature's date, else the page's 成文日期
  const dm = dateLine
    ? /^(\d{4})年(\d{1,2})月(\d{1,2})日$/.exec(squeeze(ascii(dateLine.text)))
    : /成文日期[:：\s]*(\d{4})\s*[-年./]\s*(\d{1,2})\s*[-月./]\s*(\d{1,2})/.exec(flatAll);
  const published =
    /(?:发布时间|发布日期|时间)[:：\s]*(\d{4})\s*[-年./]\s*(\d{1,2})\s*[-月./]\s*(\d{1,2})/.exec(flatAll);
  const indexNumber = /(?:信息)?索引号[:：\s]*([0-9A-Za-z/-]+)/.exec(flatAll)?.[1] ?? '';
  const recipients = paras.find((p) =>
    /(?:人民政府|各有关单位|各部门)[,，、].*[:：]$|各有关单位[:：]$/.test(p.text),
  );
  const publicity =
    paras.find((p) => /^[（(]此件.+[）)]$/.test(p.text))?.text.replace(/^[（(]|[）)]$/g, '') ?? '';
  // 《title》（国发〔2019〕4号） — and a 《title》 of a document without its number (…方案, …意见, …办法)
  const basis = [...preamble.matchAll(/《([^》]+)》(?:[（(]([^）)]*〔\d{4}〕\d+号)[）)])?/g)]
    .filter(
      (m) => m[2] || /(?:方案|意见|计划|规划|通知|办法|决定|条例|规定|纲要|法|细则|要点)$/.test(m[1] ?? ''),
    )
    .map((m) => {
      const before = preamble.slice(0, m.index);
      const roles = [...before.matchAll(/贯彻落实|根据|按照|依据|落实/g)];
      return { title: m[1] ?? '', docNumber: m[2] ?? '', role: roles[roles.length - 1]?.[0] ?? '根据' };
    });
  return {
    title,
    noticeTitle: noticeText || title,
    docNumber,
    issuer,
    issuedOn: dm ? iso(dm[1] as string, dm[2] as string, dm[3] as string) : null,
    issuedOnText: dm ? `${dm[1]}年${Number(dm[2])}月${Number(dm[3])}日` : '',
    publishedOn: published
      ? iso(published[1] as string, published[2] as string, published[3] as string)
      : null,
    indexNumber,
    recipients: recipients?.text.replace(/[:：]$/, '') ?? '',
    publicity,
    basis,
    leadRule: 'first-listed' as const,
  };
}
