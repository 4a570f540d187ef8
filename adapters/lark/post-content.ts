/** A resource named in a Lark message: an image or a file to download with im.messageResource.get. */
export interface LarkResource {
  kind: 'image' | 'file';
  key: string;
  name?: string;
}

interface PostElement {
  tag?: string;
  text?: string;
  href?: string;
  user_id?: string;
  user_name?: string;
  image_key?: string;
  file_key?: string;
  file_name?: string;
}

interface PostBody {
  title?: string;
  content?: unknown;
}

const LOCALES = ['zh_cn', 'en_us', 'ja_jp'];

/** The post body: `{title, content}` as events send it, or inside a locale wrapper (`{zh_cn: {...}}`). */
function unwrapLocale(parsed: Record<string, unknown>): PostBody | undefined {
  if ('title' in parsed || 'content' in parsed) return parsed as PostBody;
  for (const loc of [...LOCALES, ...Object.keys(parsed)]) {
    const hit = parsed[loc];
    if (hit && typeof hit === 'object') return hit as PostBody;
  }
  return undefined;
}

/**
 * Reads a rich-text (`post`) message into plain text and its images/files: one line per paragraph; text, links
 * (their label, and the address when it differs), @ (the `@_user_N` key, replaced later like a text message's;
 * @所有人 dropped; an open_id is mapped to its key through `keyOfOpenId`), code blocks as their text; img and media become resources. The same walk as the SDK's own
 * converter (`unwrapLocale` + `renderElement` in the channel module), without its markdown decoration, which
 * the report reader would only have to strip again. Returns undefined for content that is not a post.
 */
export function readPost(
  content: unknown,
  keyOfOpenId: (openId: string) => string | undefined = () => undefined,
): { text: string; resources: LarkResource[] } | undefined {
  if (!content || typeof content !== 'object') return undefined;
  const body = unwrapLocale(content as Record<string, unknown>);
  if (!body || !Array.isArray(body.content)) return undefined;
  const resources: LarkResource[] = [];
  const lines: string[] = [];
  if (typeof body.title === 'string' && body.title.trim()) lines.push(body.title.trim());
  for (const paragraph of body.content) {
    if (!Array.isArray(paragraph)) continue;
    let line = '';
    for (const el of paragraph as PostElement[]) {
      switch (el?.tag) {
        case 'text':
          line += el.text ?? '';
          break;
        case 'a': {
          const label = el.text ?? '';
          line += el.href && el.href !== label ? `${label}（${el.href}）` : label || (el.href ?? '');
          break;
        }
        case 'at':
          if (el.user_id && el.user_id !== 'all' && el.user_id !== 'all_members') {
            // events carry the mention key (@_user_1); some clients put the open_id there instead
            line += el.user_id.startsWith('@_')
              ? el.user_id
              : (keyOfOpenId(el.user_id) ?? `@${el.user_name ?? ''}`);
          }
          break;
        case 'img':
          if (el.image_key) resources.push({ kind: 'image', key: el.image_key });
          break;
        case 'media':
          if (el.file_key)
            resources.push({
              kind: 'file',
              key: el.file_key,
              ...(el.file_name ? { name: el.file_name } : {}),
            });
          break;
        case 'code_block':
          lines.push(line, el.text ?? '');
          line = '';
          break;
        case 'hr':
          break;
        default:
          line += typeof el?.text === 'string' ? el.text : '';
      }
    }
    lines.push(line);
  }
  return {
    text: lines
      .map((l) => l.trim())
      .filter((l, i, all) => l !== '' || (i > 0 && all[i - 1] !== ''))
      .join('\n')
      .trim(),
    resources,
  };
}
