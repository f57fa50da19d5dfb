// Audit at scale: streams N synthetic detections (default 1,000,000) through the real AuditWriter (hash chain,
// JSONL or Parquet), closes it (manifest with file hashes, HTML report), then summarizes and verifies the audit
// by streaming it back. Prints JSON with timings and RSS samples: memory must stay flat as records grow.
//   npx tsx bench/audit-bench.ts [--records 1000000] [--format jsonl|parquet] [--keep]
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openAuditWriter } from '../src/audit/audit-writer.ts';
import { summarizeAudit } from '../src/audit/summarize.ts';
import { verifyAudit } from '../src/audit/verify.ts';
import type { AuditRecord } from '../src/audit/audit-record.ts';
import { syntheticRecords, syntheticSummary } from '../test/audit/fixtures.ts';

function arg(name: string, dflt: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : dflt;
}

const mb = (b: number) => Math.round(b / 1048576);
const peakMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

/** Runs the audit bench in this process (`npm run bench` calls it in a fresh child). */
export async function auditBench(opts: { records?: number; format?: 'jsonl' | 'parquet'; keep?: boolean; quick?: boolean } = {}): Promise<Record<string, unknown>> {
  const N = opts.records ?? (opts.quick ? 100_000 : 1_000_000);
  const format = opts.format ?? 'jsonl';
  const dir = await mkdtemp(join(tmpdir(), 'rf-audit-bench-'));
  const path = join(dir, `audit.${format}`);
  const rssAt: Record<string, number> = {};
  const peakAt: Record<string, number> = {};
  const t0 = performance.now();
  const w = await openAuditWriter({ path, format }, { runId: 'bench', flowSha256: 'a'.repeat(64) });
  let batch: AuditRecord[] = [];
  let n = 0;
  const every = Math.max(1, Math.floor(N / 10));
  for (const r of syntheticRecords(N, { runId: 'bench', seed: 1 })) {
    batch.push(r);
    if (batch.length === 4096) {
      await w.write(batch);
      batch = [];
    }
    if (++n % every === 0) {
      rssAt[n] = mb(process.memoryUsage().rss);
      peakAt[n] = peakMb();
    }
  }
  await w.write(batch);
  const tWrite = performance.now();
  await w.close(syntheticSummary('bench', N));
  const tClose = performance.now();
  const peakAfterWrite = peakMb();
  const stats = await summarizeAudit(path);
  const tSummarize = performance.now();
  const v = await verifyAudit({ auditPath: path });
  const tVerify = performance.now();
  const bytes = (await stat(path)).size;
  if (!opts.keep) await rm(dir, { recursive: true, force: true });

  const firstPeak = peakAt[every];
  const lastPeak = peakAt[every * 10] ?? peakAfterWrite;
  return {
    bench: 'audit',
    format,
    records: N,
    audit_bytes: bytes,
    write_seconds: +((tWrite - t0) / 1000).toFixed(2),
    write_records_per_second: Math.round(N / ((tWrite - t0) / 1000)),
    close_seconds: +((tClose - tWrite) / 1000).toFixed(2),
    summarize_seconds: +((tSummarize - tClose) / 1000).toFixed(2),
    verify_seconds: +((tVerify - tSummarize) / 1000).toFixed(2),
    verified: v.ok,
    summarized_records: stats.records,
    rss_mb_by_records: rssAt,
    peak_rss_mb_by_records: peakAt,
    peak_rss_mb_after_write: peakAfterWrite,
    peak_rss_mb: peakMb(),
    // Flat memory: the peak after 10% of the records vs after all of them.
    peak_growth_mb_from_10pct_to_100pct: lastPeak - firstPeak,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await auditBench({ records: Number(arg('records', '1000000')), format: arg('format', 'jsonl') as 'jsonl' | 'parquet', keep: process.argv.includes('--keep') });
  process.stdout.write(JSON.stringify(result, null, 2) + '\n');
}
