/** A quoted reply split into the quote (context) and what the sender wrote (content). */
export interface SplitQuote {
  text: string;
  quote?: { name: string; text: string };
}

// wechat4u and the pad puppets render a quoted reply as 「name：quoted」, a dashed line, then the reply
const QUOTE = /^\s*「([^：:」]*)[：:]([\s\S]*?)」\s*\n\s*(?:-\s*){3,}\n([\s\S]*)$/;

/** Splits WeChat's quote block off a text message; text without one comes back unchanged. */
export function splitQuote(text: string): SplitQuote {
  const m = QUOTE.exec(text);
  if (!m) return { text };
  return { text: (m[3] ?? '').trim(), quote: { name: (m[1] ?? '').trim(), text: (m[2] ?? '').trim() } };
}
