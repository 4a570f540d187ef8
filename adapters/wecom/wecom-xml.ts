/** Reads the top-level elements of a flat WeCom XML message (`<xml><A><![CDATA[..]]></A><B>1</B></xml>`). */
export function parseFlatXml(xml: string): Record<string, string> {
  const out: Record<string, string> = {};
  const inner = /<xml>([\s\S]*)<\/xml>/.exec(xml)?.[1] ?? '';
  const re = /<([A-Za-z_][\w.-]*)>(?:<!\[CDATA\[([\s\S]*?)\]\]>|([^<]*))<\/\1>/g;
  for (let m = re.exec(inner); m; m = re.exec(inner)) {
    const name = m[1] as string;
    if (!(name in out)) out[name] = m[2] ?? decodeEntities(m[3] ?? '');
  }
  return out;
}

function decodeEntities(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}
