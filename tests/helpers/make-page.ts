import { type PlanBlock, typedText } from './plan-blocks.js';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * A county government's page for a plan, as a browser saves it ("Web page, complete"): a saved-from comment,
 * scripts and styles, the accessibility bar, the site header and navigation menu, a breadcrumb, the information
 * table (信息索引号, 发布机构, 文号, 发布时间), the headline, a date and font-size bar (【大 中 小】, 打印本页,
 * 关闭窗口), the document (typed numbers, a <p> a paragraph, a nested span or two), a share bar, previous/next
 * links, related links and the footer with the site's registration numbers.
 */
export function makePage(blocks: PlanBlock[], o: { charset?: string; county: string; url: string }): string {
  const paras = blocks.filter((b): b is Extract<PlanBlock, { kind: 'p' }> => b.kind === 'p');
  const info = blocks.find((b): b is Extract<PlanBlock, { kind: 'table' }> => b.kind === 'table');
  const notice = paras[0]?.text ?? '';
  const published = info?.rows[0]?.[3] ?? '';
  const infoRows = (info?.rows ?? [])
    .map(
      (r) =>
        `<tr><td class="t1">${esc(r[0] ?? '')}</td><td class="t2">${esc(r[1] ?? '')}</td><td class="t1">${esc(r[2] ?? '')}</td><td class="t2">${esc(r[3] ?? '')}</td></tr>`,
    )
    .join('\n          ');
  const body = paras
    .slice(1)
    .map((b, i) => {
      const text = esc(typedText(b));
      if (b.align === 'center') return `<p style="text-align:center"><strong>${text}</strong></p>`;
      // some paragraphs carry inline markup, as pasted from Word
      const inner =
        i % 7 === 3 ? text.replace(/^(.{6})/, '<span style="font-family:仿宋_GB2312">$1</span>') : text;
      return `<p style="text-indent:2em;line-height:1.8">${inner}</p>`;
    })
    .join('\n        ');
  return `<!DOCTYPE html>
<!-- saved from url=(0075)${o.url} -->
<html lang="zh-CN"><head><meta http-equiv="Content-Type" content="text/html; charset=${o.charset ?? 'UTF-8'}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(notice)}_${o.county}人民政府</title>
<meta name="SiteName" content="${o.county}人民政府"><meta name="ArticleTitle" content="${esc(notice)}">
<link rel="stylesheet" href="./page_files/style.css">
<style>.t1{background:#f2f2f2;width:12%}.nav li{float:left}</style>
<script src="./page_files/jquery.min.js"></script>
<script>var _hmt = _hmt || []; function doZoom(size){document.getElementById('zoom').style.fontSize=size+'px';}</script>
</head>
<body>
<div class="topbar"><div class="w1200">
  <span class="wza"><a href="javascript:void(0)" id="cniil_wza">无障碍浏览</a></span>
  <span>网站支持IPv6</span>
  <span class="login"><a href="#">登录</a> | <a href="#">注册</a></span>
</div></div>
<div class="header"><div class="w1200"><a href="/"><img src="./page_files/logo.png" alt="${o.county}人民政府"></a>
  <div class="search"><form action="/search"><input type="text" name="q" placeholder="请输入关键字"><button>搜索</button></form></div>
</div></div>
<div class="nav"><ul>
  <li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li><li><a href="/zwfw/">政务服务</a></li>
  <li><a href="/hdjl/">互动交流</a></li><li><a href="/zjxq/">走进${o.county}</a></li>
</ul></div>
<div class="w1200 main">
  <div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="/zwgk/zfwj/">政府文件</a></div>
  <div class="xxgk-info">
    <table class="table_suoyin" cellspacing="0" cellpadding="0">
      <tbody>
          ${infoRows}
      </tbody>
    </table>
  </div>
  <div class="article">
    <h1 class="title">${esc(notice)}</h1>
    <div class="info">时间：${esc(published)}&nbsp;&nbsp;&nbsp;&nbsp;<span class="fontsize">字体大小：【<a href="javascript:doZoom(18)">大</a> <a href="javascript:doZoom(16)">中</a> <a href="javascript:doZoom(14)">小</a>】</span>
      <span class="print"><a href="javascript:window.print()">打印本页</a> <a href="javascript:window.close()">关闭窗口</a></span></div>
    <div class="content" id="zoom">
      <div class="TRS_Editor">
        ${body}
      </div>
    </div>
    <div class="share">分享到：<a href="#" class="bds_weixin">微信</a><a href="#" class="bds_tsina">微博</a><a href="#" class="bds_qzone">QQ空间</a></div>
    <div class="prevnext"><p>上一篇：<a href="/zwgk/zfwj/1.html">关于做好春季农业生产工作的通知</a></p><p>下一篇：<a href="/zwgk/zfwj/3.html">关于印发2021年政务公开工作要点的通知</a></p></div>
  </div>
  <div class="related"><h3>相关文章</h3><ul>
    <li><a href="/a.html">关于印发某县职业技能提升行动实施方案的通知</a></li>
    <li><a href="/b.html">关于印发某县产教融合实施方案的通知</a></li>
  </ul></div>
</div>
<div class="footer"><div class="w1200">
  <p>主办：${o.county}人民政府办公室　承办：${o.county}政务信息中心</p>
  <p>地址：${o.county}城区政府街1号　电话：0359-5522000</p>
  <p>网站标识码：1408240001　<a href="https://beian.miit.gov.cn">晋ICP备05005555号</a>　晋公网安备14082402000101号</p>
</div></div>
<script>(function(){var hm=document.createElement("script");hm.src="https://hm.baidu.com/hm.js?0";})();</script>
</body></html>
`;
}
