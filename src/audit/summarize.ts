// `audit summarize`: one streaming pass over an audit → AuditStats, rendered as terminal tables or JSON.
import { AuditStats, type AuditStatsJson, type AuditStatsOptions } from './audit-stats.ts';
import { readAudit } from './read-audit.ts';

export async function summarizeAudit(path: string, opts: AuditStatsOptions = {}): Promise<AuditStats> {
  const stats = new AuditStats(opts);
  for await (const r of readAudit(path)) stats.add(r);
  return stats;
}

type Cellv = string | number;

export function textTable(headers: string[], rows: Cellv[][]): string {
  const all = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...all.map((r) => String(r[i]).length)));
  const line = (r: Cellv[]) => r.map((c, i) => (typeof c === 'number' ? String(c).padStart(widths[i]) : String(c).padEnd(widths[i]))).join('  ').trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n') + '\n';
}

const q = (x: number): string => (Number.isFinite(x) ? x.toFixed(3) : '-');

export function formatSummary(path: string, j: AuditStatsJson, nearMissRows = 10): string {
  let out = `audit ${path}: ${j.records} records, chain head ${j.head ?? '-'}\n`;
  out += `detectors: ${j.detectors.map((d) => `${d.name} ${d.version}`).join(', ') || '-'}\n`;
  out += `decisions: ${Object.entries(j.decisions).map(([k, v]) => `${k}=${v}`).join(' ')}\n\n`;
  const rows: Cellv[][] = [];
  for (const [t, byCol] of Object.entries(j.counts)) {
    for (const [c, d] of Object.entries(byCol)) rows.push([t, c, d.redacted, d.below_threshold, d.allow_listed, d.type_not_selected]);
  }
  out += textTable(['type', 'column', 'redacted', 'below_threshold', 'allow_listed', 'type_not_selected'], rows) + '\n';
  out += textTable(
    ['type', 'n', 'min', 'p10', 'p50', 'p90', 'p99', 'max', 'threshold'],
    Object.entries(j.scores).map(([t, s]) => [t, s.n, q(s.min), q(s.p10), q(s.p50), q(s.p90), q(s.p99), q(s.max), s.thresholds.join(',')]),
  );
  if (j.near_misses.length) {
    out += `\nnear-misses (within ${j.near_miss_margin} below threshold), closest ${Math.min(nearMissRows, j.near_misses.length)} of ${j.near_misses.length}${j.near_misses.length >= 200 ? '+' : ''}:\n`;
    out += textTable(
      ['type', 'file', 'row', 'column', 'begin', 'end', 'score', 'threshold'],
      j.near_misses.slice(0, nearMissRows).map((n) => [n.type, n.file, n.row, n.column, n.begin, n.end, q(n.score), q(n.threshold)]),
    );
  }
  return out;
}
