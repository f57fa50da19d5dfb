// `audit merge`: one audit from the audits of several hosts (multi-host SageMaker Processing). Each part is
// verified first (its chain and its manifest hashes), then its records are re-chained, in the order given, into
// one file whose merged manifest lists the parts with their hashes and heads. `audit verify` accepts the result.
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import type { AuditRecord } from './audit-record.ts';
import { ChainedAuditFile, auditFormatFor } from './audit-file.ts';
import { genesisFor } from './chain.ts';
import { AuditStats } from './audit-stats.ts';
import { readAudit } from './read-audit.ts';
import { digestFile } from './file-digest.ts';
import { chainInfo, manifestPathFor, readManifest, writeManifest, type AuditManifest, type ManifestPart } from './manifest.ts';
import { verifyAudit } from './verify.ts';
import { RedactflowError } from '../errors.ts';
import { VERSION } from '../version.ts';
import type { AuditFormat } from './read-audit.ts';

export interface MergeOptions {
  parts: string[];
  output: string;
  format?: AuditFormat;
  /** Manifest of the merged audit (default manifest.json beside it). */
  manifestPath?: string;
  /** Records per write (memory bound). */
  chunk?: number;
}

export interface MergeResult {
  path: string;
  manifestPath: string;
  records: number;
  head: string;
  runId: string;
}

export async function mergeAudits(opts: MergeOptions): Promise<MergeResult> {
  if (opts.parts.length === 0) throw new RedactflowError('USAGE', 'audit merge needs at least one audit', { exitCode: 2 });
  const manifestPath = opts.manifestPath ?? manifestPathFor(opts.output);
  const partManifests: { path: string; manifestPath: string; manifest: AuditManifest }[] = [];
  for (const p of opts.parts) {
    const mp = manifestPathFor(p);
    if (resolve(mp) === resolve(manifestPath)) {
      throw new RedactflowError('USAGE', `${opts.output}: the merged manifest would overwrite ${mp}; write the merged audit in another folder`, { exitCode: 2 });
    }
    const v = await verifyAudit({ auditPath: p, manifestPath: mp });
    if (!v.ok) throw new RedactflowError('AUDIT_MISMATCH', `${p}: part does not verify: ${v.discrepancy!.message}`);
    partManifests.push({ path: p, manifestPath: mp, manifest: await readManifest(mp) });
  }
  const parts: ManifestPart[] = await Promise.all(
    partManifests.map(async ({ path, manifestPath: mp, manifest: m }) => ({
      run_id: m.run_id,
      audit: { ...(await digestFile(path)), records: m.chain.records },
      manifest: await digestFile(mp),
      chain_head: m.chain.head,
      flow_sha256: m.flow?.sha256 ?? null,
    })),
  );
  // The merged run id is derived from the parts' heads: the same parts in the same order merge identically.
  const runId = `merge-${createHash('sha256').update(parts.map((p) => p.chain_head).join('\n')).digest('hex').slice(0, 32)}`;
  const genesis = genesisFor(runId);
  const format = opts.format ?? auditFormatFor(opts.output);
  const file = await ChainedAuditFile.create(opts.output, format, genesis);
  const stats = new AuditStats();
  try {
    const chunk = opts.chunk ?? 4096;
    for (const { path } of partManifests) {
      let buf: AuditRecord[] = [];
      for await (const r of readAudit(path)) {
        buf.push(r);
        if (buf.length >= chunk) {
          for (const l of await file.write(buf)) stats.add(l);
          buf = [];
        }
      }
      if (buf.length) for (const l of await file.write(buf)) stats.add(l);
    }
    await file.finish();
  } catch (e) {
    await file.abort();
    throw e;
  }
  const flows = new Map(partManifests.filter((p) => p.manifest.flow).map((p) => [p.manifest.flow!.sha256, p.manifest.flow!]));
  const detectors = new Map<string, AuditManifest['detectors'][number]>();
  for (const p of partManifests) for (const d of p.manifest.detectors) detectors.set(`${d.name}\u0000${d.version}`, { name: d.name, version: d.version });
  const thresholds: Record<string, number[]> = {};
  for (const t of stats.types()) thresholds[t] = [...stats.scores.get(t)!.thresholds].sort((a, b) => a - b);
  const costs = partManifests.flatMap((p) => p.manifest.cost ?? []);
  const timings = partManifests.map((p) => p.manifest.timings).filter((t): t is NonNullable<AuditManifest['timings']> => t !== null);
  const auditDigest = await digestFile(opts.output);
  const manifest: AuditManifest = {
    manifest_version: 1,
    kind: 'merged',
    run_id: runId,
    created_at: new Date().toISOString(),
    tool: { name: 'redactflow', version: VERSION },
    flow: flows.size === 1 ? [...flows.values()][0] : null,
    detectors: [...detectors.values()],
    thresholds,
    inputs: partManifests.flatMap((p) => p.manifest.inputs),
    outputs: partManifests.flatMap((p) => p.manifest.outputs),
    audit: { path: opts.output, format, bytes: auditDigest.bytes ?? 0, sha256: auditDigest.sha256 ?? '', records: file.count },
    chain: chainInfo(genesis, file.head, file.count),
    summary: null,
    counts: stats.toJSON().counts,
    timings: timings.length
      ? {
          started_at: timings.map((t) => t.started_at).sort()[0],
          finished_at: timings.map((t) => t.finished_at).sort().at(-1)!,
          seconds: Math.max(...timings.map((t) => t.seconds)),
          rows_in: timings.reduce((a, t) => a + t.rows_in, 0),
          rows_out: timings.reduce((a, t) => a + t.rows_out, 0),
          rows_per_second: Math.round(timings.reduce((a, t) => a + t.rows_in, 0) / Math.max(1e-3, Math.max(...timings.map((t) => t.seconds)))),
        }
      : null,
    cost: costs.length ? costs : null,
    fingerprint: partManifests.every((p) => p.manifest.fingerprint) ? partManifests[0].manifest.fingerprint : null,
    parts,
  };
  await writeManifest(manifestPath, manifest);
  return { path: opts.output, manifestPath, records: file.count, head: file.head, runId };
}
