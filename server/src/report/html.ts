/**
 * Renders a Report as ONE self-contained HTML file: inline CSS, inline SVG charts, no scripts,
 * no external requests (a Content-Security-Policy forbids them too). Figures a test or a reader
 * looks for carry `id`s or `data-figure` attributes.
 */
import type { PageLine, Report, SpaceReport } from './model';

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const int = (n: number): string => Math.round(n).toLocaleString('en-US');
const count = (n: number, one: string, many = `${one}s`): string => `${int(n)} ${n === 1 ? one : many}`;

/** Bytes in decimal megabytes, the unit Atlassian quotes the import cap in. */
export function megabytes(bytes: number): string {
  if (bytes < 1e6) return `${Math.max(bytes > 0 ? 0.1 : 0, bytes / 1e3).toFixed(1)} KB`;
  const mb = bytes / 1e6;
  return `${mb >= 100 ? int(mb) : mb.toFixed(1)} MB`;
}

/** Hours as "N h" with days when it is more than a day. */
export function duration(hours: number): string {
  if (hours < 1) return `${Math.max(1, Math.round(hours * 60))} min`;
  const h = hours < 10 ? hours.toFixed(1) : int(hours);
  return hours >= 24 ? `${h} h (${(hours / 24).toFixed(1)} days)` : `${h} h`;
}

const CSS = `
:root{--ink:#172b4d;--muted:#5e6c84;--line:#dfe1e6;--bg:#f7f8fa;--err:#de350b;--warn:#ff991f;--info:#0065ff;--ok:#36b37e;--bar:#4c9aff}
*{box-sizing:border-box}body{margin:0;font:14px/1.45 -apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);background:var(--bg)}
header{background:var(--ink);color:#fff;padding:20px 32px}header h1{margin:0 0 4px;font-size:22px}header p{margin:0;color:#b3bac5}
main{padding:24px 32px;max-width:1280px}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(180px,1fr));gap:12px;margin-bottom:24px}
.card{background:#fff;border:1px solid var(--line);border-radius:8px;padding:14px 16px}
.card .label{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.04em}
.card .value{font-size:26px;font-weight:600;margin-top:2px}.card .note{color:var(--muted);font-size:12px}
.card.bad .value{color:var(--err)}
section{background:#fff;border:1px solid var(--line);border-radius:8px;padding:16px 20px;margin-bottom:20px}
section h2{margin:0 0 12px;font-size:18px}section h3{margin:16px 0 8px;font-size:14px;color:var(--muted);text-transform:uppercase;letter-spacing:.04em}
.grid{display:grid;grid-template-columns:1fr 1fr;gap:20px}@media(max-width:900px){.grid{grid-template-columns:1fr}}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:4px 8px;border-bottom:1px solid var(--line);vertical-align:top}
th{color:var(--muted);font-weight:500;font-size:12px}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.pill{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:600}
.pill.err{background:#ffebe6;color:var(--err)}.pill.ok{background:#e3fcef;color:#006644}.pill.warn{background:#fffae6;color:#974f0c}
.muted{color:var(--muted)}svg text{font:12px -apple-system,"Segoe UI",Roboto,Arial,sans-serif;fill:var(--ink)}
ul.problems{margin:0;padding-left:18px}code{font:12px ui-monospace,Menlo,Consolas,monospace}
`;

/** Horizontal bar chart of labelled values, with an optional marker line (the import cap). */
function barChart(rows: ReadonlyArray<{ label: string; value: number; text: string; bad?: boolean }>, marker?: { value: number; label: string }): string {
  if (rows.length === 0) return '<p class="muted">Nothing to chart.</p>';
  const labelW = 190;
  const width = 640;
  const barW = width - labelW - 90;
  const rowH = 22;
  const max = Math.max(...rows.map((r) => r.value), marker?.value ?? 0, 1);
  const top = marker ? 18 : 4;
  const height = top + rows.length * rowH + 4;
  let svg = `<svg role="img" width="100%" viewBox="0 0 ${width} ${height}" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">`;
  rows.forEach((r, i) => {
    const y = top + i * rowH;
    const w = Math.max(1, (r.value / max) * barW);
    const label = r.label.length > 28 ? `${r.label.slice(0, 27)}…` : r.label;
    svg += `<text x="${labelW - 8}" y="${y + 15}" text-anchor="end">${esc(label)}</text>`;
    svg += `<rect x="${labelW}" y="${y + 3}" width="${w.toFixed(1)}" height="${rowH - 7}" rx="3" fill="${r.bad ? 'var(--err)' : 'var(--bar)'}"><title>${esc(`${r.label}: ${r.text}`)}</title></rect>`;
    svg += `<text x="${(labelW + w + 6).toFixed(1)}" y="${y + 15}">${esc(r.text)}</text>`;
  });
  if (marker) {
    const x = labelW + (marker.value / max) * barW;
    svg += `<line x1="${x.toFixed(1)}" x2="${x.toFixed(1)}" y1="12" y2="${height}" stroke="var(--err)" stroke-dasharray="4 3"/>`;
    svg += `<text x="${x.toFixed(1)}" y="11" text-anchor="middle" style="fill:var(--err)">${esc(marker.label)}</text>`;
  }
  return `${svg}</svg>`;
}

/** One stacked bar of findings by severity. */
function severityBar(s: SpaceReport): string {
  const total = s.findings;
  if (total === 0) return '<span class="pill ok">no findings</span>';
  const parts: Array<[string, number, string]> = [
    ['errors', s.bySeverity.error, 'var(--err)'],
    ['warnings', s.bySeverity.warning, 'var(--warn)'],
    ['info', s.bySeverity.info + s.bySeverity.hint, 'var(--info)'],
  ];
  let x = 0;
  let svg = '<svg role="img" width="100%" height="14" viewBox="0 0 400 14" preserveAspectRatio="none" xmlns="http://www.w3.org/2000/svg">';
  for (const [name, n, color] of parts) {
    if (n === 0) continue;
    const w = (n / total) * 400;
    svg += `<rect x="${x.toFixed(2)}" y="0" width="${w.toFixed(2)}" height="14" fill="${color}"><title>${n} ${name}</title></rect>`;
    x += w;
  }
  return `${svg}</svg>`;
}

function pageTable(pages: readonly PageLine[], valueHeader: string, format: (p: PageLine) => string, figure: string, extra?: (p: PageLine) => string): string {
  if (pages.length === 0) return '<p class="muted">None.</p>';
  const rows = pages
    .map((p) => `<tr><td>${esc(p.title)}</td><td class="muted"><code>${esc(p.pageId)}</code></td>${extra ? extra(p) : ''}<td class="num">${format(p)}</td></tr>`)
    .join('');
  const extraHead = extra ? '<th class="num">errors</th><th class="num">warnings</th>' : '';
  return `<table data-figure="${figure}"><thead><tr><th>page</th><th>id</th>${extraHead}<th class="num">${valueHeader}</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function spaceSection(s: SpaceReport, report: Report): string {
  const { maxDepth, maxChildren } = report.settings;
  const rules = barChart(s.byRule.map(([rule, n]) => ({ label: rule, value: n, text: int(n) })));
  const cap = s.overImportCap
    ? `<span class="pill err" data-figure="over-cap">over the ${megabytes(report.importCapBytes)} import cap</span>`
    : `<span class="pill ok" data-figure="over-cap">under the ${megabytes(report.importCapBytes)} import cap</span>`;
  return `<section class="space" data-space="${esc(s.key)}" id="space-${esc(s.key)}">
<h2>${esc(s.key)}${s.name ? ` <span class="muted">— ${esc(s.name)}</span>` : ''}</h2>
<div class="cards">
<div class="card"><div class="label">pages</div><div class="value" data-figure="pages">${int(s.pages)}</div><div class="note">${s.wikiMarkupPages > 0 ? `${int(s.wikiMarkupPages)} in wiki markup (not linted)` : 'current pages and blog posts'}</div></div>
<div class="card${s.bySeverity.error > 0 ? ' bad' : ''}"><div class="label">findings</div><div class="value" data-figure="findings">${int(s.findings)}</div><div class="note"><span data-figure="errors">${int(s.bySeverity.error)}</span> error${s.bySeverity.error === 1 ? '' : 's'}, ${count(s.bySeverity.warning, 'warning')}</div></div>
<div class="card${s.tooDeep.count > 0 ? ' bad' : ''}"><div class="label">tree depth</div><div class="value" data-figure="max-depth">${int(s.maxDepth)}</div><div class="note"><span data-figure="too-deep">${int(s.tooDeep.count)}</span> page${s.tooDeep.count === 1 ? '' : 's'} deeper than ${maxDepth}</div></div>
<div class="card${s.tooWide.count > 0 ? ' bad' : ''}"><div class="label">widest page</div><div class="value" data-figure="max-children">${int(s.maxChildren)}</div><div class="note"><span data-figure="too-wide">${int(s.tooWide.count)}</span> page${s.tooWide.count === 1 ? '' : 's'} with more than ${maxChildren} children</div></div>
<div class="card${s.overImportCap ? ' bad' : ''}"><div class="label">estimated XML</div><div class="value" data-figure="xml-size">${megabytes(s.estimatedXmlBytes)}</div><div class="note">${cap}</div></div>
</div>
${severityBar(s)}
<div class="grid">
<div><h3>Findings per rule</h3>${rules}</div>
<div><h3>Worst pages</h3>${pageTable(s.worstPages, 'findings', (p) => int(p.value), 'worst-pages', (p) => `<td class="num">${int(p.errors ?? 0)}</td><td class="num">${int(p.warnings ?? 0)}</td>`)}</div>
</div>
<div class="grid">
<div><h3>Deeper than ${maxDepth} levels</h3>${pageTable(s.tooDeep.pages, 'depth', (p) => int(p.value), 'deep-pages')}
<h3>More than ${maxChildren} children</h3>${pageTable(s.tooWide.pages, 'children', (p) => int(p.value), 'wide-pages')}</div>
<div><h3>Biggest pages${s.overImportCap ? ' (split the space or slim these first)' : ''}</h3>${pageTable(s.biggestPages, 'body', (p) => megabytes(p.value), 'biggest-pages')}</div>
</div>
</section>`;
}

function sourcesSection(report: Report): string {
  const items = report.sources.map((src) => {
    const counted =
      src.kind === 'export' && !src.fatal
        ? ` — ${megabytes(src.xmlBytes ?? 0)} entities.xml; ${count(src.historicalVersions ?? 0, 'historical version')} and ${count(src.drafts ?? 0, 'draft')} counted, not analysed`
        : '';
    const fatal = src.fatal ? ` <span class="pill err">not read: ${esc(src.fatal)}</span>` : '';
    const problems = src.problems.length
      ? `<ul class="problems">${src.problems
          .slice(0, 50)
          .map((p) => `<li><span class="pill ${p.severity === 'error' ? 'err' : 'warn'}">${esc(p.code)}</span> ${esc(p.message)}${p.pageId ? ` <span class="muted">(page ${esc(p.pageId)})</span>` : ''}</li>`)
          .join('')}${src.problems.length > 50 ? `<li class="muted">… and ${int(src.problems.length - 50)} more</li>` : ''}</ul>`
      : '';
    return `<li data-source="${esc(src.name)}"><strong>${esc(src.name)}</strong> <span class="muted">(${src.kind})</span>${counted}${fatal}${problems}</li>`;
  });
  return `<section id="sources"><h2>Sources</h2><ul>${items.join('')}</ul></section>`;
}

export function renderReport(report: Report, generatedAt: Date): string {
  const t = report.totals;
  const c = report.cutover;
  const ours = c.ourHours === null ? 'not measured' : duration(c.ourHours);
  const sizeChart = barChart(
    report.spaces.map((s) => ({ label: s.key, value: s.estimatedXmlBytes, text: megabytes(s.estimatedXmlBytes), bad: s.overImportCap })),
    { value: report.importCapBytes, label: `${megabytes(report.importCapBytes)} cap` },
  );
  const findingsChart = barChart(report.spaces.map((s) => ({ label: s.key, value: s.findings, text: `${int(s.findings)} (${int(s.bySeverity.error)} errors)` })));
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Confluence migration triage report</title><style>${CSS}</style></head>
<body>
<header><h1>Confluence migration triage report</h1><p>${int(report.spaces.length)} space${report.spaces.length === 1 ? '' : 's'} from ${int(report.sources.length)} source${report.sources.length === 1 ? '' : 's'} · generated ${esc(generatedAt.toISOString().replace('T', ' ').slice(0, 16))} UTC by confluence-triage</p></header>
<main>
<div class="cards" id="totals">
<div class="card"><div class="label">pages</div><div class="value" id="total-pages">${int(t.pages)}</div><div class="note">current pages and blog posts</div></div>
<div class="card${t.bySeverity.error > 0 ? ' bad' : ''}"><div class="label">findings</div><div class="value" id="total-findings">${int(t.findings)}</div><div class="note"><span id="total-errors">${int(t.bySeverity.error)}</span> error${t.bySeverity.error === 1 ? '' : 's'}, ${count(t.bySeverity.warning, 'warning')}</div></div>
<div class="card${t.spacesOverCap > 0 ? ' bad' : ''}"><div class="label">spaces over import cap</div><div class="value" id="spaces-over-cap">${int(t.spacesOverCap)}</div><div class="note">estimated XML &gt; ${megabytes(report.importCapBytes)}</div></div>
<div class="card"><div class="label">cutover at Atlassian's rate</div><div class="value" id="cutover-atlassian">${duration(c.atlassianHours)}</div><div class="note">${int(report.atlassianPagesPerHour * 24)} pages per 24 h (quoted)</div></div>
<div class="card"><div class="label">cutover at our measured rate</div><div class="value" id="cutover-ours">${ours}</div><div class="note" id="our-rate">${report.settings.ratePerHour > 0 ? `${int(report.settings.ratePerHour)} pages per hour` : 'give --rate PAGES_PER_HOUR'}</div></div>
</div>
<section id="overview"><div class="grid">
<div><h2>Estimated XML size per space</h2>${sizeChart}<p class="muted">Exports: the measured entities.xml, shared among its spaces by body size (history included). Folders: bodies plus a per-page overhead. Cloud's XML import takes at most ${megabytes(report.importCapBytes)}.</p></div>
<div><h2>Findings per space</h2>${findingsChart}<p class="muted">Tree thresholds: deeper than ${report.settings.maxDepth} levels, more than ${report.settings.maxChildren} children (configurable defaults, not Atlassian figures: --max-depth, --max-children).</p></div>
</div></section>
${report.spaces.map((s) => spaceSection(s, report)).join('\n')}
${sourcesSection(report)}
</main></body></html>
`;
}
