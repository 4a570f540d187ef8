import { createHash } from 'node:crypto';

/** The one stylesheet: phone first, wide tables scroll sideways, colours always with words, a print layout. */
export const WEB_CSS = `
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:15px/1.5 -apple-system,"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","Source Han Sans SC",sans-serif;color:#1f2328;background:#f6f8fa}
a{color:#0b57b0}
header.top{background:#1d3f72;color:#fff;padding:8px 12px}
header.top .site{font-weight:600;font-size:16px;color:#fff;text-decoration:none}
header.top .plan{display:block;font-size:13px;opacity:.9;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
header.top .who{float:right;font-size:13px;display:flex;gap:8px;align-items:center}
header.top .who form{margin:0}
header.top .who button{background:transparent;color:#fff;border:1px solid #fff9;border-radius:4px;padding:2px 8px;min-height:28px;font-size:13px}
nav.tabs{display:flex;gap:2px;overflow-x:auto;background:#e7edf5;padding:0 8px;border-bottom:1px solid #c8d3e1}
nav.tabs a{padding:10px 12px;text-decoration:none;color:#1d3f72;white-space:nowrap}
nav.tabs a.on{font-weight:600;border-bottom:3px solid #1d3f72}
main{padding:12px}
h1{font-size:20px;margin:4px 0 8px}
h2{font-size:17px;margin:20px 0 8px}
h3{font-size:15px;margin:14px 0 6px}
p.meta,.muted{color:#57606a;font-size:13px}
.card{background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:10px 12px;margin:0 0 12px}
.card>:first-child{margin-top:0}
.card>:last-child{margin-bottom:0}
section.card,ul.reports{max-width:60em}
.scroll.fit{width:max-content;max-width:100%}
ul.tasklist{list-style:none;margin:0;padding:0}
ul.tasklist li{background:#fff;border:1px solid #d0d7de;border-left-width:6px;border-radius:4px;padding:6px 10px;margin:0 0 6px}
ul.tasklist li.edge-red{border-left-color:#d1242f}
ul.tasklist li.edge-yellow{border-left-color:#d4a72c}
ul.tasklist li.edge-green{border-left-color:#1a7f37}
ul.tasklist .muted{margin-top:2px}
.why{font-size:12px;color:#57606a;margin-top:2px}
.grid th.task .dl{display:block;font-size:12px;color:#57606a;margin-top:2px}
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch;background:#fff;border:1px solid #d0d7de;border-radius:6px}
table{border-collapse:collapse;font-size:13px}
table.full{width:100%}
th,td{border:1px solid #d0d7de;padding:4px 6px;vertical-align:top;text-align:left}
thead th{background:#eef2f7;font-weight:600;white-space:nowrap}
.grid td.cell{text-align:center;white-space:nowrap;min-width:3.6em;padding:2px 3px}
.grid td.cell a{display:block;color:inherit;text-decoration:none}
.grid th.task{position:sticky;left:0;z-index:1;background:#fff;min-width:8.5em;max-width:13em;font-weight:normal}
.grid thead th.task{background:#eef2f7}
.grid th.week{text-align:center;font-size:12px;line-height:1.2}
.grid td.reasons{min-width:16em;font-size:12px}
.l-green{background:#c6efce;color:#0b4f1c}
.l-yellow{background:#ffeb9c;color:#4d3a00}
.l-red{background:#ffc7ce;color:#7d000f}
.l-none{background:#f0f0f0;color:#57606a}
.word{font-weight:700}
.light{display:inline-block;padding:0 6px;border-radius:3px;font-weight:700;white-space:nowrap}
.badge{display:inline-block;font-size:12px;padding:0 5px;border-radius:3px;border:1px solid currentColor;white-space:nowrap}
.overdue{color:#a40e26}
.soon{color:#7a4b00}
.counts{display:flex;flex-wrap:wrap;gap:8px;margin:0 0 12px;padding:0;list-style:none}
.counts li{flex:1 1 6em;border-radius:6px;padding:8px 10px;border:1px solid #d0d7de}
.counts b{display:block;font-size:24px;line-height:1.1}
form.filters{display:grid;grid-template-columns:1fr 1fr;gap:6px 8px;align-items:end;margin:0 0 8px;max-width:60em}
form.filters label{display:flex;flex-direction:column;font-size:13px;color:#57606a;min-width:0}
form.filters select{width:100%;min-width:0}
@media (min-width:700px){form.filters{grid-template-columns:9em 9em 12em minmax(12em,1fr) auto}}
select,button,.button{font:inherit;font-size:14px;min-height:36px;border:1px solid #8c959f;border-radius:6px;background:#fff;padding:4px 8px;color:#1f2328}
button.primary,.button.primary{background:#1d3f72;color:#fff;border-color:#1d3f72}
.button{display:inline-flex;align-items:center;text-decoration:none}
.exports{display:flex;flex-wrap:wrap;gap:6px;align-items:center;margin:0 0 8px}
.exports .button{min-height:32px;font-size:13px;padding:2px 8px}
p.quick{margin:0 0 8px;font-size:13px}
.review{font-size:12px;color:#57606a}
.review.returned{color:#a40e26;font-weight:600}
.review.confirmed{color:#1a7f37}
.legend{font-size:12px;color:#57606a;margin:6px 0 10px}
.legend .light{font-size:12px}
ul.reports{list-style:none;margin:0;padding:0}
ul.reports li{border:1px solid #d0d7de;border-radius:6px;background:#fff;padding:8px 10px;margin:0 0 8px}
ul.reports li.old{background:#f6f8fa;color:#57606a}
ul.reports li.withdrawn{background:#f6f8fa;color:#57606a;border-style:dashed}
ul.reports li.withdrawn .note{text-decoration:line-through}
.rhead{display:flex;flex-wrap:wrap;gap:4px 10px;align-items:baseline}
.note{margin:4px 0;white-space:pre-wrap;word-break:break-word}
.evidence{display:flex;flex-wrap:wrap;gap:8px;margin:6px 0 0;align-items:flex-start}
.evidence img{max-width:160px;max-height:160px;border:1px solid #d0d7de;border-radius:4px;display:block}
.evidence a.file{display:inline-block;padding:4px 8px;border:1px solid #8c959f;border-radius:4px;text-decoration:none}
details summary{cursor:pointer;color:#0b57b0}
.pager{display:flex;justify-content:space-between;gap:8px;margin:8px 0}
.notice{background:#fff8c5;border:1px solid #d4a72c;border-radius:6px;padding:8px 12px;margin:0 0 12px}
.box{max-width:34em;margin:10vh auto;background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:20px}
.box h1{margin-top:0}
.box ol{padding-left:1.4em}
code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:13px;background:#eef2f7;padding:1px 4px;border-radius:3px;word-break:break-all}
footer{color:#57606a;font-size:12px;padding:12px}
@media (min-width:900px){main{padding:16px 24px}table{font-size:14px}}
@media print{
  @page{size:A4 landscape;margin:10mm}
  body{background:#fff;font-size:10pt}
  header.top{background:#fff;color:#000;border-bottom:2px solid #000;padding:0 0 4px}
  header.top .site,header.top .plan{color:#000}
  nav.tabs,header.top .who,form.filters,.exports,.pager,.no-print{display:none!important}
  main{padding:0}
  .scroll{overflow:visible;border:0}
  .card,ul.reports li,ul.tasklist li{break-inside:avoid;border-color:#999}
  ul.tasklist li{-webkit-print-color-adjust:exact;print-color-adjust:exact}
  table{font-size:8pt}
  th,td{border-color:#999}
  .grid th.task{position:static;max-width:none;min-width:16em}
  .grid th.task .dl{display:inline;margin-left:6px}
  a{color:inherit;text-decoration:none}
  .l-green,.l-yellow,.l-red,.l-none,.light,thead th{-webkit-print-color-adjust:exact;print-color-adjust:exact}
  .evidence img{max-width:90px;max-height:90px}
}
`;

/** File name of the stylesheet, with its hash so that browsers may keep it for a year. */
export const CSS_FILE = `web.${createHash('sha256').update(WEB_CSS).digest('hex').slice(0, 10)}.css`;
