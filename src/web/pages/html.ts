/** HTML that is already safe: built by `html` or deliberately trusted with `raw`. */
export class Html {
  constructor(readonly s: string) {}
  toString(): string {
    return this.s;
  }
}

/** What may go into an `html` template: text is escaped, Html is kept, lists are joined, null/false vanish. */
export type HtmlValue = Html | string | number | null | undefined | false | readonly HtmlValue[];

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for an element or a quoted attribute. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c] as string);
}

function render(v: HtmlValue): string {
  if (v === null || v === undefined || v === false) return '';
  if (v instanceof Html) return v.s;
  if (Array.isArray(v)) return v.map(render).join('');
  return escapeHtml(String(v));
}

/** A template whose every interpolation is escaped unless it is Html: the only way pages are built. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): Html {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) out += render(values[i] as HtmlValue) + (strings[i + 1] ?? '');
  return new Html(out);
}

/** Trusts a string as HTML: only for markup the code itself wrote. */
export function raw(s: string): Html {
  return new Html(s);
}
