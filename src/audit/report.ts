// The HTML report: ONE self-contained file (inline CSS and SVG, no script, no font or image fetches; a CSP
// forbids any network use) a compliance reviewer can open offline. Positions and types only, never content.
import { readFile, writeFile, rename, mkdir } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import type { RunSummary } from '../run-summary.ts';
import { AuditStats, DECISIONS, type AuditStatsOptions } from './audit-stats.ts';
import { readAudit } from './read-audit.ts';
import { manifestPathFor, readManifestIfExists, summaryPathFor, type AuditManifest } from './manifest.ts';

export interface ReportOptions extends AuditStatsOptions {
  /** Manifest to read cost/timings/hashes from (default manifest.json beside the audit, if present). */
  manifestPath?: string;
  /** Run summary (default summary.json beside the audit, if present). */
  summaryPath?: string;
  title?: string;
  /** Near-misses listed in the report (default 100). */
  nearMissRows?: number;
}

export interface ReportContext {
  manifest: AuditManifest | null;
  summary: RunSummary | null;
  auditPath: string;
  title?: string;
  nearMissRows?: number;
}

/** Reads an audit (streaming) and writes its HTML report to `outPath`. */
export async function writeReport(auditPath: string, outPath: string, opts: ReportOptions = {}): Promise<void> {
  const stats = new AuditStats(opts);
  for await (const r of readAudit(auditPath)) stats.add(r);
  const manifest = await readManifestIfExists(opts.manifestPath ?? manifestPathFor(auditPath));
  const summary = await readJsonIfExists<RunSummary>(opts.summaryPath ?? summaryPathFor(auditPath));
  await renderReportFile(outPath, stats, { manifest, summary, auditPath, title: opts.title, nearMissRows: opts.nearMissRows });
}

export async function renderReportFile(outPath: string, stats: AuditStats, ctx: ReportContext): Promise<void> {
  await mkdir(dirname(outPath), { recursive: true });
  const tmp = join(dirname(outPath), `.${basename(outPath)}.partial-${process.pid}`);
  await writeFile(tmp, renderReport(stats, ctx));
  await rename(tmp, outPath);
}

async function readJsonIfExists<T>(path: string): Promise<T | null> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as T;
  } catch {
    return null;
  }
}

const esc = (s: unknown): string =>
  String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const fmt = (n: number | null | undefined, digits = 0): string =>
  n === null || n === undefined || Number.isNaN(n) ? '–' : n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
const fmtScore = (n: number): string => (Number.isFinite(n) ? n.toFixed(3) : '–');

const COLORS: Record<string, string> = {
  redacted: '#2f6fdf',
  below_threshold: '#e69f00',
  allow_listed: '#009e73',
  type_not_selected: '#999999',
};

function barChart(items: { label: string; value: number; color: string }[], title: string): string {
  const w = 640;
  const rowH = 22;
  const labelW = 200;
  const h = items.length * rowH + 30;
  const max = Math.max(1, ...items.map((i) => i.value));
  const bars = items
    .map((it, i) => {
      const y = 20 + i * rowH;
      const bw = Math.max(it.value > 0 ? 1 : 0, ((w - labelW - 80) * it.value) / max);
      return `<text x="${labelW - 6}" y="${y + 14}" text-anchor="end" class="lbl">${esc(it.label)}</text>` +
        `<rect x="${labelW}" y="${y + 2}" width="${bw.toFixed(1)}" height="${rowH - 6}" fill="${it.color}"><title>${esc(it.label)}: ${it.value}</title></rect>` +
        `<text x="${(labelW + bw + 6).toFixed(1)}" y="${y + 14}" class="val">${fmt(it.value)}</text>`;
    })
    .join('');
  return `<svg class="chart" role="img" aria-label="${esc(title)}" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" xmlns="http://www.w3.org/2000/svg"><text x="0" y="13" class="ttl">${esc(title)}</text>${bars}</svg>`;
}

function stackedByType(stats: AuditStats): string {
  const types = stats.types();
  const w = 640;
  const rowH = 22;
  const labelW = 200;
  const h = types.length * rowH + 50;
  const totals = types.map((t) => DECISIONS.reduce((a, d) => a + Object.values(stats.counts[t] ?? {}).reduce((b, c) => b + c[d], 0), 0));
  const max = Math.max(1, ...totals);
  let body = '';
  types.forEach((t, i) => {
    const y = 20 + i * rowH;
    let x = labelW;
    body += `<text x="${labelW - 6}" y="${y + 14}" text-anchor="end" class="lbl">${esc(t)}</text>`;
    for (const d of DECISIONS) {
      const v = Object.values(stats.counts[t] ?? {}).reduce((b, c) => b + c[d], 0);
      if (v === 0) continue;
      const bw = Math.max(1, ((w - labelW - 80) * v) / max);
      body += `<rect x="${x.toFixed(1)}" y="${y + 2}" width="${bw.toFixed(1)}" height="${rowH - 6}" fill="${COLORS[d]}"><title>${esc(t)} ${d}: ${v}</title></rect>`;
      x += bw;
    }
    body += `<text x="${(x + 6).toFixed(1)}" y="${y + 14}" class="val">${fmt(totals[i])}</text>`;
  });
  const ly = 20 + types.length * rowH + 14;
  const legend = DECISIONS.map((d, i) => `<rect x="${labelW + i * 110}" y="${ly - 10}" width="10" height="10" fill="${COLORS[d]}"/><text x="${labelW + i * 110 + 14}" y="${ly}" class="lbl">${d}</text>`).join('');
  return `<svg class="chart" role="img" aria-label="Entities by type and decision" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" xmlns="http://www.w3.org/2000/svg"><text x="0" y="13" class="ttl">Entities by type (stacked by decision)</text>${body}${legend}</svg>`;
}

function histogram(stats: AuditStats, type: string): string {
  const bins = stats.histogram(type, 20);
  const s = stats.scores.get(type)!;
  const w = 300;
  const h = 150;
  const pl = 34;
  const pb = 22;
  const pt = 18;
  const plotW = w - pl - 8;
  const plotH = h - pb - pt;
  const max = Math.max(1, ...bins);
  const bw = plotW / bins.length;
  const thr = [...s.thresholds].sort((a, b) => a - b);
  let bars = '';
  bins.forEach((v, i) => {
    if (v === 0) return;
    const bh = Math.max(1, (plotH * v) / max);
    const lo = i / bins.length;
    const above = thr.length > 0 && lo >= thr[0];
    bars += `<rect x="${(pl + i * bw + 0.5).toFixed(1)}" y="${(pt + plotH - bh).toFixed(1)}" width="${(bw - 1).toFixed(1)}" height="${bh.toFixed(1)}" fill="${above ? COLORS.redacted : COLORS.below_threshold}"><title>${lo.toFixed(2)}–${(lo + 0.05).toFixed(2)}: ${v}</title></rect>`;
  });
  const lines = thr
    .map((t) => {
      const x = pl + t * plotW;
      return `<line x1="${x.toFixed(1)}" y1="${pt - 4}" x2="${x.toFixed(1)}" y2="${pt + plotH}" stroke="#d62728" stroke-width="2" stroke-dasharray="4 3"/><text x="${(x + 3).toFixed(1)}" y="${pt + 6}" class="thr">threshold ${t}</text>`;
    })
    .join('');
  const axis = `<line x1="${pl}" y1="${pt + plotH}" x2="${pl + plotW}" y2="${pt + plotH}" stroke="#444"/>` +
    [0, 0.25, 0.5, 0.75, 1].map((t) => `<text x="${(pl + t * plotW).toFixed(1)}" y="${h - 6}" text-anchor="middle" class="ax">${t}</text>`).join('') +
    `<text x="${pl - 4}" y="${pt + 8}" text-anchor="end" class="ax">${fmt(max)}</text><text x="${pl - 4}" y="${pt + plotH}" text-anchor="end" class="ax">0</text>`;
  return `<figure class="hist"><svg role="img" aria-label="Score histogram of ${esc(type)}" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" xmlns="http://www.w3.org/2000/svg"><text x="${pl}" y="12" class="ttl">${esc(type)} (n=${fmt(s.n)})</text>${bars}${axis}${lines}</svg></figure>`;
}

function table(head: string[], rows: (string | number)[][], numericFrom = 1): string {
  const th = head.map((h, i) => `<th${i >= numericFrom ? ' class="n"' : ''}>${esc(h)}</th>`).join('');
  const tr = rows.map((r) => `<tr>${r.map((c, i) => `<td${i >= numericFrom ? ' class="n"' : ''}>${typeof c === 'number' ? fmt(c, 3) : esc(c)}</td>`).join('')}</tr>`).join('');
  return `<table><thead><tr>${th}</tr></thead><tbody>${tr || `<tr><td colspan="${head.length}">none</td></tr>`}</tbody></table>`;
}

export function renderReport(stats: AuditStats, ctx: ReportContext): string {
  const j = stats.toJSON();
  const m = ctx.manifest;
  const s = ctx.summary;
  const title = ctx.title ?? 'Redaction audit report';
  const runId = m?.run_id ?? s?.run_id ?? '–';
  const countRows: (string | number)[][] = [];
  for (const [t, byCol] of Object.entries(j.counts)) {
    for (const [c, d] of Object.entries(byCol)) {
      countRows.push([t, c, d.redacted, d.below_threshold, d.allow_listed, d.type_not_selected, d.redacted + d.below_threshold + d.allow_listed + d.type_not_selected]);
    }
  }
  const scoreRows = Object.entries(j.scores).map(([t, q]) => [t, q.n, q.min, q.p10, q.p50, q.p90, q.max, q.thresholds.join(', ')]);
  const nearRows = j.near_misses
    .slice(0, ctx.nearMissRows ?? 100)
    .map((n) => [n.type, n.file, String(n.row), n.column, `${n.begin}–${n.end}`, fmtScore(n.score), fmtScore(n.threshold), fmtScore(n.threshold - n.score)]);
  const t = m?.timings ?? (s ? { rows_in: s.rows_in, rows_out: s.rows_out, seconds: s.seconds, rows_per_second: s.rows_per_second, started_at: s.started_at, finished_at: s.finished_at } : null);
  const perfRows: (string | number)[][] = t
    ? [
        ['Rows read', t.rows_in],
        ['Rows written', t.rows_out],
        ['Seconds', t.seconds],
        ['Rows per second', t.rows_per_second],
        ['Entities per second', t.seconds > 0 ? j.records / t.seconds : 0],
        ['Started', t.started_at],
        ['Finished', t.finished_at],
      ]
    : [];
  const costRows: (string | number)[][] = [];
  const cost = m?.cost ?? null;
  if (cost) {
    for (const c of cost) {
      for (const [k, v] of Object.entries(c.stats)) if (v !== undefined) costRows.push([c.detector, k, v]);
      if (c.estimated_usd !== undefined) costRows.push([c.detector, 'estimated cost (USD)', c.estimated_usd]);
    }
  } else if (s) {
    for (const d of s.detectors) for (const [k, v] of Object.entries(d.stats ?? {})) if (v !== undefined) costRows.push([d.name, k, v]);
  }
  const integrityRows: (string | number)[][] = [
    ['Audit file', ctx.auditPath],
    ['Records', j.records],
    ['Chain head', j.head ?? '–'],
  ];
  if (m) {
    integrityRows.push(['Audit SHA-256', m.audit.sha256], ['Chain genesis', m.chain.genesis]);
    for (const o of m.outputs) integrityRows.push([`Output ${o.path}`, o.sha256 ?? 'not hashed (remote)']);
    for (const i of m.inputs) integrityRows.push([`Input ${i.path}`, i.sha256 ?? 'not hashed (remote)']);
    if (m.flow) integrityRows.push([`Flow ${m.flow.path}`, m.flow.sha256]);
    if (m.fingerprint) integrityRows.push(['Value fingerprints', `${m.fingerprint.algorithm}, key from $${m.fingerprint.key_env}`]);
  }
  const decisionItems = DECISIONS.map((d) => ({ label: d, value: j.decisions[d], color: COLORS[d] }));
  const hists = stats.types().map((ty) => histogram(stats, ty)).join('');
  const detectors = (m?.detectors ?? j.detectors).map((d) => `${d.name} ${d.version}`).join(', ') || '–';

  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;margin:24px auto;max-width:1000px;color:#222;padding:0 16px}
h1{font-size:1.6em;margin-bottom:4px}h2{font-size:1.2em;margin-top:28px;border-bottom:1px solid #ddd;padding-bottom:4px}
.meta{color:#555;font-size:.9em}.meta code{font-size:.95em}
table{border-collapse:collapse;font-size:.85em;margin:8px 0}th,td{border:1px solid #ddd;padding:3px 8px;text-align:left}
th{background:#f4f4f4}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
.hists{display:flex;flex-wrap:wrap;gap:8px}.hist{margin:0;border:1px solid #eee}
svg text{font-family:inherit}.lbl{font-size:12px;fill:#333}.val{font-size:11px;fill:#555}.ttl{font-size:13px;font-weight:600;fill:#222}
.ax{font-size:10px;fill:#555}.thr{font-size:10px;fill:#d62728}.note{color:#555;font-size:.9em}
</style></head><body>
<h1>${esc(title)}</h1>
<p class="meta">Run <code>${esc(runId)}</code> · flow <code>${esc(m?.flow?.path ?? s?.flow.path ?? '–')}</code> · detectors ${esc(detectors)} · ${fmt(j.records)} audit records${m ? ` · redactflow ${esc(m.tool.version)}` : ''}</p>
<p class="note">This report holds positions, entity types and scores only — never the values themselves.</p>
<h2 id="decisions">Decisions</h2>
${barChart(decisionItems, 'Audit records by decision')}
<h2 id="entities">Entities by type and column</h2>
${stackedByType(stats)}
${table(['Type', 'Column', 'redacted', 'below_threshold', 'allow_listed', 'type_not_selected', 'total'], countRows, 2)}
<h2 id="scores">Score distributions</h2>
<p class="note">Histogram of detector confidence per type; the dashed red line is the threshold applied (blue bars at or above it were redacted unless allow-listed or not selected).</p>
<div class="hists">${hists}</div>
${table(['Type', 'n', 'min', 'p10', 'p50', 'p90', 'max', 'threshold'], scoreRows)}
<h2 id="near-misses">Near-misses (just below threshold)</h2>
<p class="note">Entities kept because their score fell within ${fmt(j.near_miss_margin, 2)} below the threshold, closest first (position and type only). Review these when tuning thresholds.</p>
${table(['Type', 'File', 'Row', 'Column', 'Code points', 'Score', 'Threshold', 'Gap'], nearRows, 2)}
<h2 id="performance">Cost and throughput</h2>
${perfRows.length ? table(['Figure', 'Value'], perfRows) : '<p class="note">No run summary or manifest beside this audit.</p>'}
${costRows.length ? table(['Detector', 'Figure', 'Value'], costRows, 2) : '<p class="note">No billed detector was used.</p>'}
<h2 id="integrity">Integrity</h2>
${table(['Item', 'Value'], integrityRows, 9)}
<p class="note">Check with <code>redactflow audit verify --input IN --output OUT AUDIT</code>: it recomputes the hash chain and the manifest hashes and checks every redacted span against the output.</p>
</body></html>
`;
}
