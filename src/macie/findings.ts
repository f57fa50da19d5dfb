// Macie sensitive-data findings on redacted outputs → residual detections by file, row and column, set next to
// our own audit. Sources: ListFindings (bucket + CLASSIFICATION category server-side, key prefix client-side,
// paginated) + GetFindings (50 ids per call), or a JSON file (a GetFindings response, an array of findings, or
// EventBridge events whose `detail` is a finding).
//
// Positions: CSV/TSV occurrences are `cells` {row, column, columnName}; Macie's `row` counts the header line
// (row 1 = header), so our 1-based data row is `row - headerRows` (option, default 1). JSON Lines occurrences
// are `records` {recordIndex (0-based), jsonPath}: data row = recordIndex + 1, column = the top-level key of
// jsonPath. Other occurrence kinds (lineRanges, offsetRanges, pages) are reported with their line or page and
// no column. A detection without occurrences (Macie reports at most 15 per type) is listed with its count only.
//
// Audit cross-check: records of our audit log (JSON Lines, audit record v1) are matched on the data row; the
// output is assumed row-aligned with the source (true unless the flow samples or filters rows). For each
// residual, we report what our audit decided on that row: redacted / kept (below_threshold, allow_listed,
// type_not_selected) in that cell (same row and column: a redact step writing `output: {in: out}` audits the
// input column, so `columnMap` maps output → input column) and on the row as a whole.
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { GetFindingsCommand, ListFindingsCommand, type Finding, type Macie2Client, type Occurrences } from '@aws-sdk/client-macie2';
import { RedactflowError } from '../errors.ts';
import { awsErrorMessage } from './macie-client.ts';

export interface ResidualDetection {
  /** s3://bucket/key of the object Macie classified. */
  file: string;
  findingId: string;
  /** Macie's type: a managed identifier (EMAIL_ADDRESS, ...) or `CUSTOM:<name>`. */
  type: string;
  /** 1-based data row (header excluded), or null when Macie gave no position. */
  row: number | null;
  /** Column name (CSV header / JSON key), when known. */
  column: string | null;
  /** Where Macie put it, as given: `cell` {row, column}, `record` {recordIndex, jsonPath}, `line`, `page`. */
  macie: { kind: 'cell'; row: number; column: number; columnName?: string } | { kind: 'record'; recordIndex: number; jsonPath?: string } | { kind: 'line' | 'offset' | 'page'; start?: number; end?: number } | { kind: 'count'; count: number };
  audit?: AuditAtRow;
}

export interface AuditTally {
  redacted: number;
  /** Entities our audit saw but kept, by decision (below_threshold, allow_listed, type_not_selected). */
  kept: Record<string, number>;
}

export interface AuditAtRow {
  /** Records in this cell: same row, same column (or the input column mapped to it). */
  cell: AuditTally;
  /** Records anywhere on this data row. */
  row: AuditTally & { records: number; columns: string[] };
}

export interface FindingsQuery {
  bucket?: string;
  prefix?: string;
}

export async function fetchFindings(client: Macie2Client, q: Required<Pick<FindingsQuery, 'bucket'>> & FindingsQuery): Promise<Finding[]> {
  const ids: string[] = [];
  let nextToken: string | undefined;
  do {
    let page;
    try {
      page = await client.send(
        new ListFindingsCommand({
          findingCriteria: {
            criterion: {
              category: { eq: ['CLASSIFICATION'] },
              'resourcesAffected.s3Bucket.name': { eq: [q.bucket] },
            },
          },
          maxResults: 50,
          nextToken,
        }),
      );
    } catch (e) {
      throw new RedactflowError('DETECTOR_FAILED', `Macie ${awsErrorMessage('ListFindings', e)}`, { cause: e });
    }
    ids.push(...(page.findingIds ?? []));
    nextToken = page.nextToken || undefined;
  } while (nextToken);
  const findings: Finding[] = [];
  for (let i = 0; i < ids.length; i += 50) {
    const chunk = ids.slice(i, i + 50);
    try {
      const r = await client.send(new GetFindingsCommand({ findingIds: chunk }));
      findings.push(...(r.findings ?? []));
    } catch (e) {
      throw new RedactflowError('DETECTOR_FAILED', `Macie ${awsErrorMessage('GetFindings', e)}`, { cause: e });
    }
  }
  return filterFindings(findings, q);
}

/** Sensitive-data findings on the bucket/prefix (both optional when reading from a file). */
export function filterFindings(findings: readonly Finding[], q: FindingsQuery): Finding[] {
  return findings.filter((f) => {
    if (f.category !== 'CLASSIFICATION' && !(f.type ?? '').startsWith('SensitiveData:')) return false;
    const b = f.resourcesAffected?.s3Bucket?.name;
    const key = f.resourcesAffected?.s3Object?.key ?? '';
    if (q.bucket && b !== q.bucket) return false;
    if (q.prefix && !key.startsWith(q.prefix)) return false;
    return true;
  });
}

export async function readFindingsFile(path: string): Promise<Finding[]> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (e) {
    throw new RedactflowError('USAGE', `${path}: cannot read findings JSON (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, { cause: e });
  }
  const list = Array.isArray(json) ? json : typeof json === 'object' && json !== null && Array.isArray((json as { findings?: unknown }).findings) ? (json as { findings: unknown[] }).findings : null;
  if (!list) throw new RedactflowError('USAGE', `${path}: expected a GetFindings response {findings: [...]}, an array of findings, or of EventBridge events`);
  return list.map((x) => (typeof x === 'object' && x !== null && 'detail' in x ? (x as { detail: Finding }).detail : (x as Finding)));
}

function columnFromJsonPath(p: string | undefined): string | null {
  if (!p) return null;
  const m = /^\$(?:\.([^.[]+)|\[['"]([^'"]+)['"]\])/.exec(p);
  return m ? (m[1] ?? m[2]) : null;
}

function fromOccurrences(base: Omit<ResidualDetection, 'row' | 'column' | 'macie'>, occ: Occurrences | undefined, count: number, headerRows: number): ResidualDetection[] {
  const out: ResidualDetection[] = [];
  for (const c of occ?.cells ?? []) {
    const row = c.row ?? 0;
    out.push({ ...base, row: row - headerRows >= 1 ? row - headerRows : null, column: c.columnName ?? null, macie: { kind: 'cell', row, column: c.column ?? 0, ...(c.columnName ? { columnName: c.columnName } : {}) } });
  }
  for (const r of occ?.records ?? []) {
    const idx = r.recordIndex ?? 0;
    out.push({ ...base, row: idx + 1, column: columnFromJsonPath(r.jsonPath), macie: { kind: 'record', recordIndex: idx, ...(r.jsonPath ? { jsonPath: r.jsonPath } : {}) } });
  }
  for (const l of occ?.lineRanges ?? []) out.push({ ...base, row: null, column: null, macie: { kind: 'line', start: l.start, end: l.end } });
  for (const o of occ?.offsetRanges ?? []) out.push({ ...base, row: null, column: null, macie: { kind: 'offset', start: o.start, end: o.end } });
  for (const p of occ?.pages ?? []) out.push({ ...base, row: null, column: null, macie: { kind: 'page', start: p.pageNumber } });
  if (!out.length && count > 0) out.push({ ...base, row: null, column: null, macie: { kind: 'count', count } });
  return out;
}

export function residualDetections(findings: readonly Finding[], opts: { headerRows?: number } = {}): ResidualDetection[] {
  const headerRows = opts.headerRows ?? 1;
  const out: ResidualDetection[] = [];
  for (const f of findings) {
    const bucket = f.resourcesAffected?.s3Bucket?.name ?? '?';
    const key = f.resourcesAffected?.s3Object?.key ?? '?';
    const file = `s3://${bucket}/${key}`;
    const result = f.classificationDetails?.result;
    for (const item of result?.sensitiveData ?? []) {
      for (const d of item.detections ?? []) {
        out.push(...fromOccurrences({ file, findingId: f.id ?? '', type: d.type ?? item.category ?? 'UNKNOWN' }, d.occurrences, d.count ?? 0, headerRows));
      }
    }
    for (const d of result?.customDataIdentifiers?.detections ?? []) {
      out.push(...fromOccurrences({ file, findingId: f.id ?? '', type: `CUSTOM:${d.name ?? d.arn ?? '?'}` }, d.occurrences, d.count ?? 0, headerRows));
    }
  }
  return out.sort((a, b) => a.file.localeCompare(b.file) || (a.row ?? 0) - (b.row ?? 0) || (a.column ?? '').localeCompare(b.column ?? ''));
}

/** Streams the audit log once, keeping only records on rows that have a residual detection. */
export async function attachAudit(residuals: ResidualDetection[], auditPath: string, columnMap: Record<string, string> = {}): Promise<void> {
  const rows = new Set(residuals.flatMap((r) => (r.row === null ? [] : [r.row])));
  const byRow = new Map<number, { column: string; decision: string }[]>();
  let lineNo = 0;
  try {
    const rl = createInterface({ input: createReadStream(auditPath, 'utf8'), crlfDelay: Infinity });
    for await (const line of rl) {
      lineNo++;
      if (!line.trim()) continue;
      let rec: { row?: unknown; column?: unknown; decision?: unknown };
      try {
        rec = JSON.parse(line) as typeof rec;
      } catch {
        throw new RedactflowError('AUDIT_INVALID', `${auditPath}:${lineNo}: not a JSON audit record`);
      }
      if (typeof rec.row !== 'number' || typeof rec.column !== 'string' || typeof rec.decision !== 'string') {
        throw new RedactflowError('AUDIT_INVALID', `${auditPath}:${lineNo}: not an audit record (row, column, decision)`);
      }
      if (!rows.has(rec.row)) continue;
      let list = byRow.get(rec.row);
      if (!list) byRow.set(rec.row, (list = []));
      list.push({ column: rec.column, decision: rec.decision });
    }
  } catch (e) {
    if (e instanceof RedactflowError) throw e;
    throw new RedactflowError('AUDIT_INVALID', `${auditPath}: cannot read the audit log (${(e as NodeJS.ErrnoException).code ?? 'error'})`, { cause: e });
  }
  const tally = (recs: { decision: string }[]): AuditTally => {
    const t: AuditTally = { redacted: 0, kept: {} };
    for (const x of recs) {
      if (x.decision === 'redacted') t.redacted++;
      else t.kept[x.decision] = (t.kept[x.decision] ?? 0) + 1;
    }
    return t;
  };
  for (const r of residuals) {
    if (r.row === null) continue;
    const recs = byRow.get(r.row) ?? [];
    const auditedCol = r.column !== null ? (columnMap[r.column] ?? r.column) : null;
    r.audit = {
      cell: tally(recs.filter((x) => x.column === auditedCol)),
      row: { ...tally(recs), records: recs.length, columns: [...new Set(recs.map((x) => x.column))].sort() },
    };
  }
}

function tallyText(t: AuditTally): string {
  const kept = Object.entries(t.kept).map(([k, v]) => `${k} ${v}`).join(', ');
  return `${t.redacted} redacted${kept ? `, kept ${kept}` : ''}`;
}

export function formatResiduals(residuals: readonly ResidualDetection[], findings: number, where: string): string {
  const files = new Set(residuals.map((r) => r.file));
  const lines = [`Macie sensitive-data findings for ${where}: ${findings} findings, ${residuals.length} residual detections in ${files.size} files`];
  for (const r of residuals) {
    const pos =
      r.macie.kind === 'cell' ? `row ${r.row ?? '?'} (Macie row ${r.macie.row}), column ${r.macie.column}${r.column ? ` ${r.column}` : ''}`
      : r.macie.kind === 'record' ? `row ${r.row} (record ${r.macie.recordIndex}${r.macie.jsonPath ? `, ${r.macie.jsonPath}` : ''})${r.column ? `, column ${r.column}` : ''}`
      : r.macie.kind === 'count' ? `${r.macie.count} occurrences, no positions reported`
      : `${r.macie.kind} ${r.macie.start ?? '?'}${r.macie.end !== undefined ? `-${r.macie.end}` : ''}`;
    let ours = '';
    if (r.audit) {
      const { cell, row } = r.audit;
      const inCell = cell.redacted + Object.values(cell.kept).reduce((a, b) => a + b, 0);
      ours = row.records === 0
        ? '  | our audit: nothing on this row'
        : inCell > 0
          ? `  | our audit: ${tallyText(cell)} in this cell`
          : `  | our audit: nothing in this cell (row: ${tallyText(row)} in ${row.columns.join(', ')})`;
    }
    lines.push(`${r.file}  ${pos}  ${r.type}${ours}`);
  }
  return lines.join('\n') + '\n';
}
