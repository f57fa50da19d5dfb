// `redactflow detect --input F.jsonl [--text-field text] [--id-field id] [--detector local] [--output F]
// [--min-score 0]`: runs a detector over a JSON Lines file and writes one `{"id", "entities": [{type, begin,
// end, score}]}` line per input line, offsets in Unicode code points (the prediction format of score-pii.mjs).
// Streams in batches: memory stays flat whatever the input size.
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { createDetector } from '../../detect/create-detector.ts';
import { detectorConfigSchema, type AnyDetectorConfig } from '../../detect/detector-config.ts';
import type { Detector } from '../../detect/detector.ts';
import { utf16OffsetsToCodePoints } from '../../text/offsets.ts';
import { DetectorError, InputError, RedactflowError } from '../../errors.ts';

interface DetectCliOptions {
  input: string;
  output?: string;
  textField: string;
  idField: string;
  detector: string;
  minScore: string;
  batchSize: string;
  explain?: boolean;
}

export interface DetectedLine {
  id: string | number | null;
  entities: { type: string; begin: number; end: number; score: number; explanation?: unknown }[];
}

function parseDetector(type: string): AnyDetectorConfig {
  const r = detectorConfigSchema.safeParse({ type });
  if (!r.success) throw new RedactflowError('USAGE', `--detector: unknown or incomplete detector type "${type}"`, { exitCode: 2 });
  return r.data;
}

function writeOut(stream: WriteStream | NodeJS.WriteStream, s: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (stream.write(s)) resolve();
    else {
      const onDrain = () => { stream.off('error', onError); resolve(); };
      const onError = (e: Error) => { stream.off('drain', onDrain); reject(e); };
      stream.once('drain', onDrain);
      stream.once('error', onError);
    }
  });
}

interface Pending {
  id: string | number | null;
  text: string | null;
}

async function flush(detector: Detector, pending: Pending[], minScore: number, explain: boolean, file: string, firstLine: number): Promise<{ out: string; count: number }> {
  const results = await detector.detect(pending.map((p) => p.text));
  let out = '';
  let count = 0;
  for (let i = 0; i < pending.length; i++) {
    const r = results[i];
    if (r.error) throw new DetectorError(detector.name, `${file}:${firstLine + i}: ${r.error.code}: ${r.error.message}`);
    const text = pending[i].text ?? '';
    const kept = r.entities.filter((e) => e.score >= minScore);
    const cps = utf16OffsetsToCodePoints(text, kept.flatMap((e) => [e.begin, e.end]));
    const line: DetectedLine = {
      id: pending[i].id,
      entities: kept.map((e, k) => ({
        type: e.type,
        begin: cps[2 * k],
        end: cps[2 * k + 1],
        score: e.score,
        ...(explain && e.explanation ? { explanation: e.explanation } : {}),
      })),
    };
    out += JSON.stringify(line) + '\n';
    count += kept.length;
  }
  return { out, count };
}

export async function runDetect(o: DetectCliOptions): Promise<{ lines: number; entities: number }> {
  const minScore = Number(o.minScore);
  const batchSize = Number(o.batchSize);
  if (!Number.isFinite(minScore) || minScore < 0 || minScore > 1) throw new RedactflowError('USAGE', '--min-score: expected a number in [0, 1]', { exitCode: 2 });
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RedactflowError('USAGE', '--batch-size: expected a positive integer', { exitCode: 2 });
  const detector = await createDetector(parseDetector(o.detector));
  const input = createReadStream(o.input, { encoding: 'utf8' });
  const opened = new Promise<void>((resolve, reject) => {
    input.once('open', () => resolve());
    input.once('error', (e: NodeJS.ErrnoException) =>
      reject(e.code === 'ENOENT' ? new InputError('INPUT_NOT_FOUND', o.input, 'file not found') : new InputError('INPUT_MALFORMED', o.input, `cannot read (${e.code ?? e.name})`)),
    );
  });
  await opened;
  const tmp = o.output ? `${o.output}.redactflow-tmp-${process.pid}` : null;
  const out = tmp ? createWriteStream(tmp) : process.stdout;
  let lineNo = 0;
  let lines = 0;
  let entities = 0;
  let pending: Pending[] = [];
  let firstLine = 1;
  try {
    const rl = createInterface({ input, crlfDelay: Infinity });
    for await (const raw of rl) {
      lineNo++;
      if (raw.trim() === '') continue;
      let rec: unknown;
      try {
        rec = JSON.parse(raw);
      } catch {
        throw new InputError('INPUT_MALFORMED', o.input, 'not a JSON object', { line: lineNo });
      }
      if (rec === null || typeof rec !== 'object' || Array.isArray(rec)) throw new InputError('INPUT_MALFORMED', o.input, 'not a JSON object', { line: lineNo });
      const obj = rec as Record<string, unknown>;
      const t = obj[o.textField];
      if (t !== undefined && t !== null && typeof t !== 'string') {
        throw new InputError('INPUT_MALFORMED', o.input, `field "${o.textField}" is not a string`, { line: lineNo });
      }
      const idv = obj[o.idField];
      const id = typeof idv === 'string' || typeof idv === 'number' ? idv : lineNo;
      if (pending.length === 0) firstLine = lineNo;
      pending.push({ id, text: typeof t === 'string' ? t : null });
      if (pending.length >= batchSize) {
        const r = await flush(detector, pending, minScore, !!o.explain, o.input, firstLine);
        entities += r.count;
        lines += pending.length;
        pending = [];
        await writeOut(out, r.out);
      }
    }
    if (pending.length) {
      const r = await flush(detector, pending, minScore, !!o.explain, o.input, firstLine);
      entities += r.count;
      lines += pending.length;
      await writeOut(out, r.out);
    }
    if (tmp && o.output) {
      await new Promise<void>((resolve, reject) => (out as WriteStream).end((e?: Error | null) => (e ? reject(e) : resolve())));
      await rename(tmp, o.output);
    }
  } catch (e) {
    if (tmp) {
      (out as WriteStream).destroy();
      await rm(tmp, { force: true });
    }
    throw e;
  } finally {
    input.destroy();
    await detector.close?.();
  }
  return { lines, entities };
}

export function register(program: Command): void {
  program
    .command('detect')
    .description('detect PII in a JSON Lines file; writes {"id","entities":[{type,begin,end,score}]} per line (code-point offsets)')
    .requiredOption('--input <file>', 'JSON Lines input, one object per line')
    .option('--output <file>', 'write here instead of stdout')
    .option('--text-field <name>', 'field holding the text', 'text')
    .option('--id-field <name>', 'field holding the record id (default: the line number)', 'id')
    .option('--detector <type>', 'detector backend (local, comprehend, ...)', 'local')
    .option('--min-score <n>', 'only report entities scored at least this (default 0: everything the detector found, like Comprehend; thresholds belong to the redact step)', '0')
    .option('--batch-size <n>', 'texts per detector call', '4096')
    .option('--explain', 'include each entity\'s decision explanation (recognizer, pattern, validator, context)')
    .action(async (o: DetectCliOptions) => {
      const { lines, entities } = await runDetect(o);
      if (o.output) process.stderr.write(`detect: ${lines} records, ${entities} entities → ${o.output}\n`);
    });
}
