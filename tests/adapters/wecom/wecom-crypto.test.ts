import { describe, expect, it } from 'vitest';
import { WecomCrypto, WecomCryptoError, wecomSignature } from '../../../adapters/wecom/wecom-crypto.js';

// The sample vectors published with WeCom's WXBizMsgCrypt libraries (Sample.cpp / Sample.py / Sample.php):
// token QDG6eK, EncodingAESKey jWmY…B2C, CorpID wx5823bf96d3bd56c7.
const TOKEN = 'QDG6eK';
const KEY = 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C';
const CORP = 'wx5823bf96d3bd56c7';
const ECHOSTR = 'P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==';
const ENCRYPT =
  'RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==';

describe('WeCom callback crypto (official sample vectors)', () => {
  const c = new WecomCrypto(TOKEN, KEY, CORP);

  it('verifies and decrypts the URL-check vector', () => {
    expect(wecomSignature(TOKEN, '1409659589', '263014780', ECHOSTR)).toBe(
      '5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3',
    );
    expect(c.verify('5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3', '1409659589', '263014780', ECHOSTR)).toBe(
      true,
    );
    expect(c.decrypt(ECHOSTR)).toBe('1616140317555161061');
  });

  it('verifies and decrypts the message vector', () => {
    expect(c.verify('477715d11cdb4164915debcba66cb864d751f3e6', '1409659813', '1372623149', ENCRYPT)).toBe(
      true,
    );
    const xml = c.decrypt(ENCRYPT);
    expect(xml).toContain('<FromUserName><![CDATA[mycreate]]></FromUserName>');
    expect(xml).toContain('<Content><![CDATA[hello]]></Content>');
    expect(xml).toContain('<MsgId>4561255354251345929</MsgId>');
  });

  it('encrypts like the official sample (fixed random "aaaabbbbccccdddd")', () => {
    // WeChat's Java sample (WXBizMsgCryptTest): same scheme, key abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG
    const j = new WecomCrypto('pamtest', 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG', 'wxb11529c136998cb6');
    expect(j.encrypt('我是中文abcd123', Buffer.from('aaaabbbbccccdddd'))).toBe(
      'jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg==',
    );
  });

  it('refuses another corp id, a wrong signature and tampered text', () => {
    expect(() => new WecomCrypto(TOKEN, KEY, 'ww-other').decrypt(ECHOSTR)).toThrowError(WecomCryptoError);
    expect(c.verify('5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3', '1409659590', '263014780', ECHOSTR)).toBe(
      false,
    );
    expect(c.verify('short', '1409659589', '263014780', ECHOSTR)).toBe(false);
    // CBC has no integrity of its own: the signature is what catches a changed ciphertext
    const tampered = `${ECHOSTR.slice(0, 10)}A${ECHOSTR.slice(11)}`;
    expect(c.verify('5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3', '1409659589', '263014780', tampered)).toBe(
      false,
    );
    expect(() => c.decrypt(Buffer.from('not a multiple of sixteen').toString('base64'))).toThrowError(
      WecomCryptoError,
    );
  });

  it('round-trips Chinese text of every length across the 32-byte padding boundary', () => {
    for (let n = 0; n < 70; n++) {
      const msg = '汇'.repeat(n % 7) + 'x'.repeat(n);
      expect(c.decrypt(c.encrypt(msg))).toBe(msg);
    }
  });
});
