// The redaction core shared by the flow's `redact` step and the library's `createRedactor`: run the
// detector(s) over the chosen columns, decide per entity (policy), merge overlapping redactions, apply the
// operators, and produce one audit record per detected entity — never holding the raw value in a record.
import type { AuditRecord } from '../audit/audit-record.ts';
import type { Detector, DetectResult, Entity } from '../detect/detector.ts';
import { cellToText, rowCopier, type Row } from '../table/batch.ts';
import { isBmpOnly, utf16OffsetsToCodePoints } from '../text/offsets.ts';
import { DENY_TYPE, findDenied, type Policy } from './policy.ts';
import { resolveOverlaps, type Span } from './resolve-overlaps.ts';

export interface RedactorAuditContext {
  runId: string;
  flowSha256: string;
  fingerprint?(value: string): string | undefined;
}

export interface RedactBatchInput {
  rows: readonly Row[];
  columns: readonly string[];
  /** input column → output column; absent means in place. */
  output?: Readonly<Record<string, string>>;
  file: string;
  rowNumbers: readonly number[];
  /** Every row's columns, when all rows share them (a flow batch): rows are then copied much faster. */
  fields?: readonly string[];
}

export interface FailedRow {
  /** Index into the batch's rows. */
  index: number;
  column: string;
  code: string;
  message: string;
}

export interface RedactBatchResult {
  rows: Row[];
  records: AuditRecord[];
  /** Rows whose detection failed in some column: they must never be written as they are. */
  failed: FailedRow[];
}

type TaggedEntity = Entity & { detector: Detector };


export class Redactor {
  constructor(
    readonly detectors: readonly Detector[],
    readonly policy: Policy,
    readonly audit: RedactorAuditContext,
    readonly language = 'en',
  ) {}

  async redactBatch(input: RedactBatchInput, signal?: AbortSignal): Promise<RedactBatchResult> {
    const { rows, columns, file, rowNumbers } = input;
    let out: Row[];
    if (input.fields) {
      const names = [...input.fields];
      for (const c of columns) {
        const target = input.output?.[c] ?? c;
        if (!names.includes(target)) names.push(target);
      }
      out = rows.map(rowCopier(names));
    } else out = rows.map((r) => ({ ...r }));
    // Records with their row and column index in parallel arrays (no wrapper object per record).
    const records: AuditRecord[] = [];
    const recRow: number[] = [];
    const recCol: number[] = [];
    const failed: FailedRow[] = [];
    const fingerprint = this.audit.fingerprint;
    const needsValue = this.policy.usesValue || fingerprint !== undefined;
    const first = this.detectors[0];
    const onlyDetector = () => first;

    // Every column's detection is started at once: remote detectors pack them into shared, full requests and
    // worker pools stay busy.
    const allTexts = columns.map((column) => rows.map((r) => cellToText(r[column])));
    const allResults = await Promise.all(
      allTexts.map((texts) => Promise.all(this.detectors.map((d) => d.detect(texts, { signal, language: this.language })))),
    );
    for (let ci = 0; ci < columns.length; ci++) {
      const column = columns[ci];
      const target = input.output?.[column] ?? column;
      const texts = allTexts[ci];
      const results = allResults[ci];
      for (let ri = 0; ri < texts.length; ri++) {
        const text = texts[ri];
        const err = firstError(results, ri);
        if (err) {
          failed.push({ index: ri, column, code: err.code, message: err.message });
          continue;
        }
        if (text === null || text === '') {
          out[ri][target] = text;
          continue;
        }
        let entities: readonly Entity[];
        let detectorOf: (k: number) => Detector;
        if (results.length === 1) {
          // One detector: its entities as they are, no copies.
          entities = results[0][ri].entities;
          detectorOf = onlyDetector;
        } else ({ entities, detectorOf } = mergeEntities(this.detectors, results, ri));
        if (this.policy.deny.length > 0) {
          const denied = findDenied(text, this.policy.deny);
          if (denied.length > 0) {
            const n = entities.length;
            const prior = detectorOf;
            entities = [...entities, ...denied.map((d): Entity => ({ ...d, type: DENY_TYPE, score: 1, explanation: { recognizer: 'deny_list' } }))];
            detectorOf = (k) => (k < n ? prior(k) : denyDetector);
          }
        }
        if (entities.length === 0) {
          out[ri][target] = text;
          continue;
        }
        // Code-point offsets for the audit: the UTF-16 ones themselves unless the text has astral characters.
        let cps: number[] | null = null;
        if (!isBmpOnly(text)) {
          const offsets: number[] = new Array<number>(2 * entities.length);
          for (let k = 0; k < entities.length; k++) {
            offsets[2 * k] = entities[k].begin;
            offsets[2 * k + 1] = entities[k].end;
          }
          cps = utf16OffsetsToCodePoints(text, offsets);
        }
        let toRedact: Span[] | null = null;
        for (let k = 0; k < entities.length; k++) {
          const e = entities[k];
          // The value itself only when something looks at it (allow lists, fingerprints).
          const value = needsValue ? text.slice(e.begin, e.end) : '';
          const { decision, threshold } = this.policy.decide(e.type, e.score, value);
          const redacted = decision === 'redacted';
          if (redacted) (toRedact ??= []).push(e);
          const rec: AuditRecord = {
            version: 1,
            run_id: this.audit.runId,
            flow_sha256: this.audit.flowSha256,
            file,
            row: rowNumbers[ri],
            column,
            begin: cps ? cps[2 * k] : e.begin,
            end: cps ? cps[2 * k + 1] : e.end,
            type: e.type,
            score: round4(e.score),
            threshold,
            decision,
            operator: redacted ? this.policy.operatorFor(e.type).name : null,
            detector: detectorInfo(detectorOf(k)),
          };
          if (e.explanation) rec.explanation = e.explanation;
          if (e.requestId) rec.request_id = e.requestId;
          const fp = fingerprint?.(value);
          if (fp) rec.fingerprint = fp;
          records.push(rec);
          recRow.push(ri);
          recCol.push(ci);
        }
        out[ri][target] = toRedact ? applyRegions(text, toRedact, this.policy) : text;
      }
    }
    // Records come out in (row, column, begin, end) order already unless several columns or detectors interleave.
    const before = (a: number, b: number) =>
      recRow[a] - recRow[b] || recCol[a] - recCol[b] || records[a].begin - records[b].begin || records[a].end - records[b].end;
    let ordered = true;
    for (let i = 1; i < records.length && ordered; i++) if (before(i - 1, i) > 0) ordered = false;
    let order: number[] | null = null;
    if (!ordered) order = records.map((_, i) => i).sort(before);
    let recs: AuditRecord[];
    if (failed.length === 0) recs = order ? order.map((i) => records[i]) : records;
    else {
      const failedIdx = new Set(failed.map((f) => f.index));
      recs = [];
      for (const i of order ?? records.keys()) if (!failedIdx.has(recRow[i])) recs.push(records[i]);
    }
    return { rows: out, records: recs, failed };
  }
}

/**
 * One frozen `{name, version}` per detector, shared by its records: fewer allocations, and the audit encoder
 * serialises a frozen object once.
 */
const detectorInfos = new WeakMap<Detector, AuditRecord['detector']>();
function detectorInfo(d: Detector): AuditRecord['detector'] {
  let info = detectorInfos.get(d);
  if (!info) {
    info = Object.freeze({ name: d.name, version: d.version });
    detectorInfos.set(d, info);
  }
  return info;
}

const denyDetector: Detector = { name: 'deny_list', version: '1', detect: async (t) => t.map(() => ({ entities: [] })) };

function round4(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}

function firstError(results: DetectResult[][], ri: number): { code: string; message: string } | undefined {
  for (const r of results) if (r[ri]?.error) return r[ri].error;
  return undefined;
}

/**
 * Entities of several detectors for one text, and which detector found each; the same (type, span) from two
 * detectors is kept once (max score).
 */
function mergeEntities(detectors: readonly Detector[], results: DetectResult[][], ri: number): { entities: readonly Entity[]; detectorOf: (k: number) => Detector } {
  const byKey = new Map<string, TaggedEntity>();
  results.forEach((r, di) => {
    for (const e of r[ri].entities) {
      const key = `${e.type}:${e.begin}:${e.end}`;
      const prev = byKey.get(key);
      if (!prev || e.score > prev.score) byKey.set(key, { ...e, detector: detectors[di] });
    }
  });
  const tagged = [...byKey.values()].sort((a, b) => a.begin - b.begin || a.end - b.end);
  return { entities: tagged, detectorOf: (k) => tagged[k].detector };
}

function applyRegions(text: string, spans: Span[], policy: Policy): string {
  // Usually the spans are in order and disjoint already: no regions to build.
  let disjoint = true;
  for (let i = 0; i < spans.length; i++) {
    const sp = spans[i];
    if (sp.end <= sp.begin || (i > 0 && sp.begin < spans[i - 1].end)) {
      disjoint = false;
      break;
    }
  }
  let s = '';
  let pos = 0;
  if (disjoint) {
    for (const sp of spans) {
      s += text.slice(pos, sp.begin) + policy.operatorFor(sp.type).apply(text.slice(sp.begin, sp.end), sp.type);
      pos = sp.end;
    }
    return s + text.slice(pos);
  }
  for (const r of resolveOverlaps(spans)) {
    s += text.slice(pos, r.begin) + policy.operatorFor(r.winner.type).apply(text.slice(r.begin, r.end), r.winner.type);
    pos = r.end;
  }
  return s + text.slice(pos);
}
