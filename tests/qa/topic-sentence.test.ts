import { describe, expect, it } from 'vitest';
import { topicSentence } from '../../src/qa/topic-sentence.js';

const TEXT =
  '推进“1+X”证书制度试点工作。鼓励职业学校积极参与试点工作。依托职业教育国家“学分银行”,开展学习成果的认定、积累和转换。';

describe('topicSentence', () => {
  it('finds the one sentence that holds the topic, quotes and all', () => {
    expect(topicSentence(TEXT, '学分银行', '推进“1+X”证书制度试点工作')).toBe(
      '依托职业教育国家“学分银行”,开展学习成果的认定、积累和转换。',
    );
  });
  it('points nowhere when the title already says it, or no sentence holds it', () => {
    expect(topicSentence(TEXT, '证书制度', '推进“1+X”证书制度试点工作')).toBeUndefined();
    expect(topicSentence(TEXT, '智慧校园', '推进“1+X”证书制度试点工作')).toBeUndefined();
  });
});
