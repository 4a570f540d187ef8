import type { Knowledge } from '../knowledge/schema.js';
import type { Answer } from './answer.js';
import { Writer } from './writer.js';

/** The help message: what can be asked, with examples. */
export function questionHelp(kb: Knowledge): Answer {
  const w = new Writer(kb);
  return w.answer({
    head: `我是《${kb.document.title}》（${kb.document.docNumber}）的问答助手。可以这样问我：`,
    lines: [
      '• 某项任务谁负责 / 谁牵头：任务14谁负责、第十四项的牵头单位、who is responsible for task 14',
      '• 某个主题归哪项任务：产教融合由哪个部门牵头、现代学徒制谁负责',
      '• 某单位负责哪些任务：县财政局负责哪些任务、人社局牵头哪些任务',
      '• 组合条件：县财政局参与但县人社局没参与的任务、第三组一共几项？县教育局牵头几项？、谁参与的任务多？多几项？',
      '• 目标和时限：双师型教师比例要达到多少、任务9什么时候完成',
      '• 文件信息：文号、印发日期、发给哪些单位、依据文件、基本原则、发展目标、保障机制、一共几项任务',
      '• 接着问：那任务15呢、第二个是谁牵头、它还牵头别的任务吗、反过来呢、打错了，是任务13',
    ],
    source: '〔回答均引自方案原文，并注明任务编号；方案没有写的会直接说明〕',
    tasks: [],
    title: '方案信息',
  });
}
