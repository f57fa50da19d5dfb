// The audit writer: hash chain, JSONL and Parquet (same records, same chain), temp name until close, abort
// cleans up, keyed fingerprints, and the streaming statistics behind summarize/report.
import { describe, it, expect } from 'vitest';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createHmac } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openAuditWriter } from '../../src/audit/audit-writer.ts';
import { readAudit } from '../../src/audit/read-audit.ts';
import { canonicalJson, sha256Hex } from '../../src/audit/canonical-json.ts';
import { genesisFor, recordHash } from '../../src/audit/chain.ts';
import { AuditStats } from '../../src/audit/audit-stats.ts';
import { readManifest } from '../../src/audit/manifest.ts';
import { verifyAudit } from '../../src/audit/verify.ts';
import type { AuditRecord } from '../../src/audit/audit-record.ts';
import { RedactflowError } from '../../src/errors.ts';
import { syntheticRecords, syntheticSummary } from './fixtures.ts';

async function all(path: string): Promise<AuditRecord[]> {
  const out: AuditRecord[] = [];
  for await (const r of readAudit(path)) out.push(r);
  return out;
}

describe('canonical JSON and the chain', () => {
  it('sorts keys, drops undefined members, keeps arrays in order', () => {
    expect(canonicalJson({ b: 1, a: [3, { d: undefined, c: 'x' }], e: null })).toBe('{"a":[3,{"c":"x"}],"b":1,"e":null}');
    expect(canonicalJson({ s: 'é"\n' })).toBe('{"s":"é\\"\\n"}');
    expect(() => canonicalJson({ n: NaN })).toThrow(RedactflowError);
  });

  it('a record hash is SHA-256 of its canonical JSON without `hash`; the genesis derives from the run id', () => {
    const [r] = [...syntheticRecords(1)];
    const { hash: _h, ...rest } = { ...r, prev: 'p', hash: 'ignored' };
    expect(recordHash({ ...r, prev: 'p', hash: 'ignored' })).toBe(sha256Hex(canonicalJson(rest)));
    expect(genesisFor('run-1')).toBe(sha256Hex('redactflow-audit-v1\nrun-1'));
    expect(genesisFor('run-1')).not.toBe(genesisFor('run-2'));
  });
});

describe('openAuditWriter', () => {
  it('writes JSONL and Parquet audits with identical records and chain, renamed into place on close', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rf-aw-'));
    const records = [...syntheticRecords(5000, { runId: 'r-1', seed: 3 })];
    const heads: string[] = [];
    const readBack: AuditRecord[][] = [];
    for (const format of ['jsonl', 'parquet'] as const) {
      const path = join(dir, format, `audit.${format}`);
      const w = await openAuditWriter({ path, format }, { runId: 'r-1', flowSha256: 'a'.repeat(64), rowGroupSize: 1500 });
      for (let i = 0; i < records.length; i += 700) {
        await w.write(records.slice(i, i + 700));
        // Until close only a hidden partial file exists.
        expect(existsSync(path)).toBe(false);
      }
      expect(w.count).toBe(5000);
      await w.close(syntheticSummary('r-1', 5000));
      expect((await readdir(join(dir, format))).sort()).toEqual([`audit.${format}`, 'manifest.json', 'report.html', 'summary.json']);
      const back = await all(path);
      readBack.push(back);
      const m = await readManifest(join(dir, format, 'manifest.json'));
      heads.push(m.chain.head);
      expect(back[0].prev).toBe(genesisFor('r-1'));
      expect(back.at(-1)!.hash).toBe(m.chain.head);
      expect(m.cost?.[0]).toMatchObject({ detector: 'comprehend', estimated_usd: 0.54 });
      expect((await verifyAudit({ auditPath: path })).ok).toBe(true);
    }
    expect(heads[0]).toBe(heads[1]);
    expect(readBack[1]).toEqual(readBack[0]);
    // The records read back are the inputs plus the chain (write() chains the given records in place).
    expect(readBack[0]).toEqual(records);
    expect(readBack[0].map(({ prev: _p, hash: _h, ...r }) => r)).toEqual([...syntheticRecords(5000, { runId: 'r-1', seed: 3 })]);
  });

  it('abort removes the partial file and leaves nothing that looks finished', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rf-aw-'));
    for (const format of ['jsonl', 'parquet'] as const) {
      const w = await openAuditWriter({ path: join(dir, `audit.${format}`), format }, { runId: 'r', flowSha256: 'a'.repeat(64) });
      await w.write([...syntheticRecords(100)]);
      await w.abort();
    }
    expect(await readdir(dir)).toEqual([]);
  });

  it('fingerprints raw values with HMAC-SHA256 when a key is configured, refuses a missing key', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rf-aw-'));
    const plain = await openAuditWriter({ path: join(dir, 'a/audit.jsonl') }, { runId: 'r', flowSha256: 'x' });
    expect(plain.fingerprint('ana@example.com')).toBeUndefined();
    await plain.abort();
    const keyed = await openAuditWriter({ path: join(dir, 'b/audit.jsonl'), fingerprint_key_env: 'FP' }, { runId: 'r', flowSha256: 'x', env: { FP: 'k1' } });
    expect(keyed.fingerprint('ana@example.com')).toBe(createHmac('sha256', 'k1').update('ana@example.com').digest('hex'));
    await keyed.abort();
    await expect(openAuditWriter({ path: join(dir, 'c/audit.jsonl'), fingerprint_key_env: 'FP' }, { runId: 'r', flowSha256: 'x', env: {} })).rejects.toMatchObject({
      code: 'REDACTION_KEY_MISSING',
    });
  });

  it('writes no report with `report: false`, and the report where `report` says', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rf-aw-'));
    const w = await openAuditWriter({ path: join(dir, 'x/audit.jsonl'), report: false }, { runId: 'r', flowSha256: 'x' });
    await w.write([...syntheticRecords(10)]);
    await w.close(syntheticSummary('r', 10));
    expect(existsSync(join(dir, 'x/report.html'))).toBe(false);
    const w2 = await openAuditWriter({ path: join(dir, 'y/audit.jsonl'), report: join(dir, 'reports/r.html') }, { runId: 'r', flowSha256: 'x' });
    await w2.close(syntheticSummary('r', 0));
    expect(await readFile(join(dir, 'reports/r.html'), 'utf8')).toContain('<svg');
  });
});

describe('AuditStats', () => {
  it('counts by type × column × decision, quantiles within 0.001 of exact, near-misses closest first', () => {
    const records = [...syntheticRecords(20000, { seed: 5 })];
    const s = new AuditStats({ maxNearMisses: 50, nearMissMargin: 0.1 });
    for (const r of records) s.add(r);
    const j = s.toJSON();
    expect(j.records).toBe(20000);
    const names = records.filter((r) => r.type === 'NAME');
    const exact = (q: number) => {
      const sorted = names.map((r) => r.score).sort((a, b) => a - b);
      return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)];
    };
    for (const q of [0.1, 0.5, 0.9, 0.99]) expect(Math.abs(s.quantile('NAME', q) - exact(q))).toBeLessThanOrEqual(0.0011);
    expect(j.counts.NAME.note.redacted).toBe(names.filter((r) => r.column === 'note' && r.decision === 'redacted').length);
    const misses = records.filter((r) => r.decision === 'below_threshold' && r.score >= r.threshold - 0.1);
    const gaps = misses.map((r) => r.threshold - r.score).sort((a, b) => a - b);
    expect(j.near_misses.length).toBe(50);
    expect(j.near_misses.map((n) => n.threshold - n.score)).toEqual(gaps.slice(0, 50));
    expect(s.histogram('NAME', 20).reduce((a, b) => a + b, 0)).toBe(names.length);
  });
});
