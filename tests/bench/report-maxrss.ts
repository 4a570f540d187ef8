import { writeFileSync } from 'node:fs';

// Preloaded with `node --import` into a measured process: writes its peak RSS (MB) to PLAN_BOT_MAXRSS_FILE on exit.
const out = process.env.PLAN_BOT_MAXRSS_FILE;
if (out) process.on('exit', () => writeFileSync(out, String(process.resourceUsage().maxRSS / 1024)));
