import * as OpenCC from 'opencc-js/t2cn';

let convert: ((s: string) => string) | undefined;

// Traditional characters that the plan's readers type (任務, 誰, 負責, 縣 …) all lie outside ASCII; plain ASCII text
// is returned at once, so `ask` pays for the dictionary only when it sees Chinese.
const NON_ASCII = /[^ -~\s]/;

/** Converts traditional Chinese (Taiwan and Hong Kong forms) to simplified with opencc-js; built on first use. */
export function toSimplified(text: string): string {
  if (!NON_ASCII.test(text)) return text;
  const c = convert ?? OpenCC.Converter({ from: 'tw', to: 'cn' });
  convert = c;
  return c(text);
}
