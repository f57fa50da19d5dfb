// `audit verify`: is the audit intact, and does the output match it? Checks, in order, stopping at the first
// discrepancy (reported by file, row, column, record number and type — never content):
//   1. the hash chain (every record's `prev`/`hash`, from the run's genesis), record count and head vs manifest;
//   2. the audit file's SHA-256 (and summary.json's) vs the manifest;
//   3. with --input/--output: their SHA-256 vs the manifest, the flow's SHA-256 vs the manifest, then a replay of
//      the flow's deterministic steps before the redact step on the input, row by row against the output: every
//      `redacted` span must be redacted in the output cell, and no other cell may differ.
import { existsSync } from 'node:fs';
import { isAbsolute, resolve, dirname } from 'node:path';
import type { AuditRecord } from './audit-record.ts';
import type { Batch, Row } from '../table/batch.ts';
import { extname } from 'node:path';
import { loadFlow, type LoadedFlow } from '../flow/load-flow.ts';
import { preRedactionBatches } from '../flow/run-flow.ts';
import { openSource } from '../io/open-table.ts';
import { ChainChecker, genesisFor } from './chain.ts';
import { readAudit, AuditInvalidError } from './read-audit.ts';
import { sha256File } from './file-digest.ts';
import { manifestPathFor, readManifest, summaryPathFor, type AuditManifest } from './manifest.ts';
import { checkCell, type CellProblem, type RedactedSpan } from './cell-check.ts';
import { RedactflowError } from '../errors.ts';

export type DiscrepancyKind =
  | 'audit_unreadable'
  | 'chain_broken'
  | 'record_hash'
  | 'run_id'
  | 'record_count'
  | 'chain_head'
  | 'genesis'
  | 'audit_hash'
  | 'summary_hash'
  | 'input_hash'
  | 'output_hash'
  | 'flow_hash'
  | 'row_count'
  | 'record_without_row'
  | CellProblem;

export interface Discrepancy {
  kind: DiscrepancyKind;
  /** One line, no content: what differs and where. */
  message: string;
  file?: string;
  row?: number;
  column?: string;
  /** 1-based record number in the audit. */
  record?: number;
  type?: string;
}

export interface VerifyOptions {
  auditPath: string;
  /** Input the run read (replayed through the flow's pre-redaction steps). */
  inputPath?: string;
  /** Output the run wrote. */
  outputPath?: string;
  /** Default manifest.json beside the audit. */
  manifestPath?: string;
  /** Default the flow path recorded in the manifest. */
  flowPath?: string;
}

export interface VerifyResult {
  ok: boolean;
  discrepancy?: Discrepancy;
  records: number;
  head: string | null;
  /** Output rows and cells compared (0 when no output was given). */
  rows: number;
  cells: number;
  /** What was checked, for the CLI's message. */
  checked: { chain: boolean; manifest: boolean; output: boolean };
}

interface IndexedSpan extends RedactedSpan {
  record: number;
  type: string;
}

const fail = (r: Omit<VerifyResult, 'ok' | 'discrepancy'>, d: Discrepancy): VerifyResult => ({ ...r, ok: false, discrepancy: d });
const where = (d: { file?: string; row?: number; column?: string; record?: number; type?: string }): string =>
  [d.file !== undefined ? `file ${d.file}` : '', d.row !== undefined ? `row ${d.row}` : '', d.column !== undefined ? `column ${d.column}` : '', d.record !== undefined ? `audit record ${d.record}` : '', d.type ? `type ${d.type}` : '']
    .filter(Boolean)
    .join(', ');

export async function verifyAudit(opts: VerifyOptions): Promise<VerifyResult> {
  const manifestPath = opts.manifestPath ?? manifestPathFor(opts.auditPath);
  const manifest = await readManifest(manifestPath);
  const checkOutput = opts.outputPath !== undefined;
  const res: Omit<VerifyResult, 'ok' | 'discrepancy'> = { records: 0, head: null, rows: 0, cells: 0, checked: { chain: false, manifest: false, output: false } };
  const runIds = new Set(manifest.kind === 'merged' ? (manifest.parts ?? []).map((p) => p.run_id) : [manifest.run_id]);

  // 1. Chain (and, when the output is checked, an index of redacted spans: file+row → spans per column).
  if (manifest.chain.genesis !== genesisFor(manifest.run_id)) {
    return fail(res, { kind: 'genesis', message: `manifest ${manifestPath}: chain genesis does not derive from its run id` });
  }
  const chain = new ChainChecker(manifest.chain.genesis);
  const index = new Map<string, Map<string, IndexedSpan[]>>();
  try {
    for await (const r of readAudit(opts.auditPath)) {
      const n = chain.count + 1;
      const p = chain.check(r);
      if (p) {
        const d = { file: r.file, row: r.row, column: r.column, record: n, type: r.type };
        return fail(res, {
          kind: p.kind === 'prev' ? 'chain_broken' : 'record_hash',
          message: p.kind === 'prev' ? `chain broken before ${where(d)} (a record was removed, inserted or reordered)` : `record content does not match its hash at ${where(d)}`,
          ...d,
        });
      }
      if (!runIds.has(r.run_id)) return fail(res, { kind: 'run_id', message: `record from another run at ${where({ record: n })}`, record: n });
      if (checkOutput && r.decision === 'redacted') indexSpan(index, r, n);
    }
  } catch (e) {
    if (e instanceof AuditInvalidError) return fail(res, { kind: 'audit_unreadable', message: e.message, record: e.record ?? undefined });
    throw e;
  }
  res.records = chain.count;
  res.head = chain.count > 0 ? chain.head : null;
  if (chain.count !== manifest.chain.records || chain.count !== manifest.audit.records) {
    return fail(res, { kind: 'record_count', message: `audit has ${chain.count} records, manifest says ${manifest.chain.records} (records were removed or added at the end)` });
  }
  if (chain.head !== manifest.chain.head) return fail(res, { kind: 'chain_head', message: 'chain head differs from the manifest (the audit was truncated or extended)' });
  res.checked.chain = true;

  // 2. File hashes.
  const auditHash = await sha256File(opts.auditPath);
  if (auditHash.sha256 !== manifest.audit.sha256) return fail(res, { kind: 'audit_hash', message: `audit file SHA-256 differs from manifest ${manifestPath}` });
  const summaryPath = summaryPathFor(opts.auditPath);
  if (manifest.summary?.sha256 && existsSync(summaryPath)) {
    if ((await sha256File(summaryPath)).sha256 !== manifest.summary.sha256) {
      return fail(res, { kind: 'summary_hash', message: `${summaryPath}: SHA-256 differs from the manifest` });
    }
  }
  res.checked.manifest = true;
  if (!checkOutput) return { ...res, ok: true };

  // 3. Output against the replayed input.
  const outputPath = opts.outputPath!;
  // Remote (s3://) outputs are not hashed by the run either; their cells are still checked.
  const remote = /^[a-z][a-z0-9+.-]*:\/\//i.test(outputPath);
  const outHash = remote ? null : (await sha256File(outputPath)).sha256;
  const knownOutputs = manifest.outputs.filter((o) => o.sha256);
  if (!remote && knownOutputs.length > 0 && !knownOutputs.some((o) => o.sha256 === outHash)) {
    return fail(res, { kind: 'output_hash', message: `${outputPath}: SHA-256 differs from the output recorded in the manifest` });
  }
  if (opts.inputPath !== undefined) {
    const known = manifest.inputs.filter((i) => i.sha256);
    if (known.length > 0 && existsSync(opts.inputPath)) {
      const h = (await sha256File(opts.inputPath)).sha256;
      if (!known.some((i) => i.sha256 === h)) return fail(res, { kind: 'input_hash', message: `${opts.inputPath}: SHA-256 differs from the inputs recorded in the manifest` });
    }
  }
  if (!manifest.flow && !opts.flowPath) throw new RedactflowError('USAGE', `${manifestPath}: no flow recorded; pass --flow`, { exitCode: 2 });
  const flowPath = opts.flowPath ?? resolveFlowPath(manifest, manifestPath);
  const flow = await loadFlow(flowPath);
  if (manifest.flow && flow.sha256 !== manifest.flow.sha256) {
    return fail(res, { kind: 'flow_hash', message: `${flowPath}: flow SHA-256 differs from the one recorded in the manifest` });
  }
  const mapping = outputMapping(flow);
  // Same rule as the runner's --output: an explicit extension decides the format, else the flow's sink format.
  const source = await openSource({ path: outputPath, format: extname(outputPath) ? undefined : flow.flow.sink.format, csv: flow.flow.sink.csv });
  const outRows = rowsOf(source.batches());
  const seenFiles = new Set<string>();
  const alias = auditFileNames(manifest);
  const cmp = await compareRows(preRedactionBatches(flow, { input: opts.inputPath }), outRows, index, mapping, seenFiles, res, alias);
  if (cmp) return fail(res, cmp);
  const extra = await outRows.next();
  if (!extra.done) return fail(res, { kind: 'row_count', message: `${outputPath}: has more rows than the replayed input (${res.rows})` });
  // Redacted records for rows that never reached the output. A merged audit covers other hosts' files: only
  // the files this input produced are accountable here.
  for (const [key, byCol] of index) {
    const [file, row] = splitKey(key);
    if (manifest.kind === 'merged' && !seenFiles.has(file)) continue;
    const [column, spans] = byCol.entries().next().value as [string, IndexedSpan[]];
    return fail(res, { kind: 'record_without_row', message: `redacted record for a row missing from the output at ${where({ file, row, column, record: spans[0].record, type: spans[0].type })}`, file, row, column, record: spans[0].record, type: spans[0].type });
  }
  res.checked.output = true;
  return { ...res, ok: true };
}

/**
 * Maps a replayed input file to the name the run recorded for it, by content: a reviewer verifying a copy of
 * the input in another folder (or machine) still matches the audit's `file` values.
 */
function auditFileNames(m: AuditManifest): (file: string) => Promise<string> {
  const cache = new Map<string, string>();
  const recorded = new Set(m.inputs.map((i) => i.path));
  return async (file) => {
    let name = cache.get(file);
    if (name === undefined) {
      name = file;
      if (!recorded.has(file) && existsSync(file)) {
        const h = (await sha256File(file)).sha256;
        const match = m.inputs.find((i) => i.sha256 === h);
        if (match) name = match.path;
      }
      cache.set(file, name);
    }
    return name;
  };
}

function resolveFlowPath(m: AuditManifest, manifestPath: string): string {
  const p = m.flow!.path;
  if (isAbsolute(p) || existsSync(p)) return p;
  return resolve(dirname(manifestPath), p);
}

const key = (file: string, row: number): string => `${file}\u0000${row}`;
const splitKey = (k: string): [string, number] => {
  const i = k.lastIndexOf('\u0000');
  return [k.slice(0, i), Number(k.slice(i + 1))];
};

function indexSpan(index: Map<string, Map<string, IndexedSpan[]>>, r: AuditRecord, n: number): void {
  const k = key(r.file, r.row);
  let byCol = index.get(k);
  if (!byCol) index.set(k, (byCol = new Map()));
  let list = byCol.get(r.column);
  if (!list) byCol.set(r.column, (list = []));
  list.push({ begin: r.begin, end: r.end, record: n, type: r.type });
}

/** redact steps' `output: {col: newCol}` (redacted into another column); in place otherwise. */
function outputMapping(flow: LoadedFlow): Map<string, string> {
  const m = new Map<string, string>();
  for (const step of flow.steps) {
    if (step.name !== 'redact') continue;
    const output = (step.options as { output?: Record<string, string> }).output;
    for (const [from, to] of Object.entries(output ?? {})) if (typeof to === 'string') m.set(from, to);
  }
  return m;
}

async function* rowsOfGen(batches: AsyncIterable<Batch>): AsyncGenerator<{ row: Row; fields: Set<string> }> {
  for await (const b of batches) {
    const fields = new Set(b.fields.map((f) => f.name));
    for (const row of b.rows) yield { row, fields };
  }
}
const rowsOf = (b: AsyncIterable<Batch>) => rowsOfGen(b);

async function compareRows(
  pre: AsyncIterable<Batch>,
  out: AsyncGenerator<{ row: Row; fields: Set<string> }>,
  index: Map<string, Map<string, IndexedSpan[]>>,
  mapping: Map<string, string>,
  seenFiles: Set<string>,
  res: { rows: number; cells: number },
  alias: (file: string) => Promise<string>,
): Promise<Discrepancy | null> {
  for await (const replayed of pre) {
    // Records name the input as the run saw it; the reviewer's copy may live elsewhere.
    const batch = { ...replayed, file: await alias(replayed.file) };
    seenFiles.add(batch.file);
    for (let i = 0; i < batch.rows.length; i++) {
      const rowNo = batch.rowNumbers[i];
      const next = await out.next();
      if (next.done) return { kind: 'row_count', message: `output has fewer rows than the replayed input (missing from file ${batch.file}, row ${rowNo})`, file: batch.file, row: rowNo };
      const { row: post, fields: outFields } = next.value;
      const k = key(batch.file, rowNo);
      const byCol = index.get(k);
      index.delete(k);
      res.rows++;
      const preRow = batch.rows[i];
      for (const f of batch.fields) {
        const spans = byCol?.get(f.name) ?? [];
        const target = mapping.get(f.name) ?? f.name;
        if (!outFields.has(target)) continue; // dropped by a later step: nothing of it reached the output
        res.cells++;
        const c = checkCell(preRow[f.name], post[target], spans);
        if (!c.ok) {
          const s = c.span !== undefined ? spans[c.span] : undefined;
          const d = { file: batch.file, row: rowNo, column: f.name, record: s?.record, type: s?.type };
          const what: Record<CellProblem, string> = {
            changed_without_record: 'output cell changed without a redacted audit record',
            span_not_redacted: 'redacted span is not redacted in the output',
            context_changed: 'output cell differs outside the redacted spans',
            span_out_of_range: 'audit span lies outside the cell',
            not_text: 'audit span on a cell that is not text',
          };
          return { kind: c.problem, message: `${what[c.problem]} at ${where(d)}`, ...d };
        }
        if (target !== f.name && outFields.has(f.name) && !checkCell(preRow[f.name], post[f.name], []).ok) {
          const d = { file: batch.file, row: rowNo, column: f.name };
          return { kind: 'changed_without_record', message: `output cell changed without a redacted audit record at ${where(d)}`, ...d };
        }
      }
      if (byCol) {
        for (const [column, spans] of byCol) {
          if (batch.fields.some((f) => f.name === column)) continue;
          const d = { file: batch.file, row: rowNo, column, record: spans[0].record, type: spans[0].type };
          return { kind: 'record_without_row', message: `redacted record for a column the data does not have at ${where(d)}`, ...d };
        }
      }
    }
  }
  return null;
}
