import type { Handler } from '../core/handler.js';

/** 帮助: the help entries of every registered handler, by section in registration order; admins see more. */
export function helpHandler(handlers: () => Handler[]): Handler {
  return {
    name: 'help',
    match: (ctx) => ctx.command?.name === 'help',
    handle(ctx) {
      const sections = new Map<string, string[]>();
      const buttons = [];
      for (const h of handlers()) {
        if (!h.help) continue;
        const lines = [...(h.help.lines ?? []), ...(ctx.sender.admin ? (h.help.adminLines ?? []) : [])];
        if (ctx.sender.admin) buttons.push(...(h.help.adminButtons ?? []));
        if (lines.length === 0) continue;
        sections.set(h.help.section, [...(sections.get(h.help.section) ?? []), ...lines]);
      }
      const text = [...sections.entries()]
        .map(([section, lines]) => (section ? [section, ...lines] : lines).join('\n'))
        .join('\n\n');
      return [ctx.reply(text, buttons.length ? { buttons } : {})];
    },
  };
}
