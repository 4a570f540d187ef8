/** Largest file Lark accepts in im.file.create. */
export const MAX_FILE_BYTES = 30 * 1024 * 1024;

/** Lark's file_type for an upload, by extension: xls for Excel (XLSX too), stream for everything else (CSV, JSON). */
export function larkFileType(name: string): 'opus' | 'mp4' | 'pdf' | 'doc' | 'xls' | 'ppt' | 'stream' {
  const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase() ?? '';
  if (ext === 'xls' || ext === 'xlsx') return 'xls';
  if (ext === 'doc' || ext === 'docx') return 'doc';
  if (ext === 'ppt' || ext === 'pptx') return 'ppt';
  if (ext === 'pdf' || ext === 'mp4' || ext === 'opus') return ext;
  return 'stream';
}
