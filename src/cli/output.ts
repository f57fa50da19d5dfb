// Terminal output shared by CLI verbs: a progress line on a TTY, JSON lines otherwise, and the summary table.
// Nothing here ever prints cell content: only counts, paths, types and column names.
import type { RunSummary } from '../run-summary.ts';

export type LogFormat = 'text' | 'json';

export function defaultLogFormat(): LogFormat {
  return process.stderr.isTTY ? 'text' : 'json';
}

export function jsonLine(event: string, fields: Record<string, unknown> = {}): string {
  return JSON.stringify({ time: new Date().toISOString(), event, ...fields }, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)) + '\n';
}

export function table(headers: string[], rows: (string | number)[][]): string {
  const all = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...all.map((r) => String(r[i]).length)));
  const line = (r: (string | number)[]) => r.map((c, i) => (typeof c === 'number' ? String(c).padStart(widths[i]) : String(c).padEnd(widths[i]))).join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n') + '\n';
}

export function summaryTable(s: RunSummary): string {
  const rows: (string | number)[][] = [];
  for (const [type, byCol] of Object.entries(s.counts).sort()) {
    for (const [col, c] of Object.entries(byCol).sort()) {
      rows.push([type, col, c.redacted, c.below_threshold, c.allow_listed, c.type_not_selected]);
    }
  }
  let out = `run ${s.run_id}: ${s.rows_in} rows in, ${s.rows_out} rows out in ${s.seconds.toFixed(2)} s (${s.rows_per_second} rows/s)`;
  if (s.rows_quarantined) out += `, ${s.rows_quarantined} rows quarantined`;
  out += `\n${s.entities} entities detected\n`;
  if (rows.length) out += '\n' + table(['type', 'column', 'redacted', 'below_threshold', 'allow_listed', 'type_not_selected'], rows);
  for (const d of s.detectors) {
    const st = Object.entries(d.stats ?? {}).filter(([, v]) => v !== undefined);
    if (st.length) out += `\ndetector ${d.name} ${d.version}: ${st.map(([k, v]) => `${k}=${v}`).join(' ')}`;
  }
  out += '\n';
  if (s.output) out += `output: ${s.output.path} (${s.output.rows} rows, ${s.output.bytes} bytes)\n`;
  if (s.audit) out += `audit:  ${s.audit.path} (${s.audit.records} records)\n`;
  return out;
}

/**
 * A single-line progress indicator for TTYs: a bar and percentage when the input size is known, rows, rows/s,
 * elapsed seconds and the ETA.
 */
export function progressLine(p: { rowsIn: number; rate: number; seconds: number; fraction?: number; etaSeconds?: number }): string {
  const WIDTH = 24;
  const bar =
    p.fraction !== undefined
      ? `[${'#'.repeat(Math.round(p.fraction * WIDTH)).padEnd(WIDTH, '-')}] ${(p.fraction * 100).toFixed(0).padStart(3)}%  `
      : '';
  const eta = p.etaSeconds !== undefined ? `  ETA ${formatSeconds(p.etaSeconds)}` : '';
  return `\r${bar}${p.rowsIn.toLocaleString('en-US')} rows  ${Math.round(p.rate).toLocaleString('en-US')} rows/s  ${p.seconds.toFixed(1)} s${eta}   `;
}

function formatSeconds(s: number): string {
  const t = Math.max(0, Math.round(s));
  return t < 60 ? `${t} s` : t < 3600 ? `${Math.floor(t / 60)} min ${t % 60} s` : `${Math.floor(t / 3600)} h ${Math.floor((t % 3600) / 60)} min`;
}
