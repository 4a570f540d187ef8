// Built from strings: the characters to remove are control characters, which a regex literal may not spell.
const SURROGATE = '[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]';

/** Characters XML 1.0 forbids (a sheet holding one is malformed): C0 controls but tab/LF/CR, U+FFFE, U+FFFF, lone surrogates. */
const XML_INVALID = new RegExp(
  `[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\uFFFE\\uFFFF]|${SURROGATE}`,
  'g',
);

/** Control characters removed from stored text: C0 but tab and line feed, DEL, C1, and what XML forbids. */
const CONTROL = new RegExp(`[\\u0000-\\u0008\\u000B-\\u001F\\u007F-\\u009F\\uFFFE\\uFFFF]|${SURROGATE}`, 'g');

/** A string an XLSX cell can hold: the characters XML forbids removed. */
export function xmlSafe(s: string): string {
  return s.replace(XML_INVALID, '');
}

/** A note as stored: control characters removed (line breaks and tabs kept), trimmed. */
export function cleanNote(s: string): string {
  return s.replace(CONTROL, '').trim();
}
