/** A file name part without path separators or odd characters (letters, digits, . _ - kept; Chinese too). */
export function safeFileName(s: string): string {
  return s.replace(/[^\p{L}\p{N}._-]+/gu, '_').slice(0, 80);
}
