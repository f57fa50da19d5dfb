// examples/sagemaker/ is runnable as documented: the CreateProcessingJob request, turned into the job config
// SageMaker would mount on each of its 2 instances (ShardedByS3Key: each gets its own objects), runs the example
// flow (local detector instead of Comprehend); the two audits merge and verify; the IAM policy covers the
// request's prefixes and Comprehend.
import { describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runProcessingJob } from '../../src/sagemaker/processing-job.ts';
import { loadFlow } from '../../src/flow/load-flow.ts';
import { mergeAudits } from '../../src/audit/merge.ts';
import { verifyAudit } from '../../src/audit/verify.ts';
import { openSource } from '../../src/io/open-table.ts';
import { mulberry32 } from '../../src/util/prng.ts';
import { repoRoot } from '../helpers/cli.ts';

const dir = join(repoRoot, 'examples', 'sagemaker');
interface S3In {
  S3Uri: string;
  LocalPath: string;
  S3DataDistributionType: string;
  S3InputMode: string;
}
const request = JSON.parse(readFileSync(join(dir, 'create-processing-job.json'), 'utf8')) as {
  AppSpecification: { ImageUri: string; ContainerEntrypoint?: string[] };
  ProcessingResources: { ClusterConfig: { InstanceCount: number } };
  ProcessingInputs: { InputName: string; S3Input: S3In }[];
  ProcessingOutputConfig: { Outputs: { OutputName: string; S3Output: { S3Uri: string; LocalPath: string } }[] };
  Environment: Record<string, string>;
};
const policy = JSON.parse(readFileSync(join(dir, 'iam-policy.json'), 'utf8')) as {
  Statement: { Effect: string; Action: string | string[]; Resource: string | string[] }[];
};

const list = <T>(v: T | T[]): T[] => (Array.isArray(v) ? v : [v]);
const arnOf = (uri: string) => `arn:aws:s3:::${uri.slice('s3://'.length)}`;
/** Does some Allow statement grant `action` on `resource` (IAM wildcard `*` matching)? */
const allows = (action: string, resource: string): boolean =>
  policy.Statement.some(
    (s) =>
      s.Effect === 'Allow' &&
      list(s.Action).includes(action) &&
      list(s.Resource).some((r) => new RegExp(`^${r.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`).test(resource)),
  );

function customers(seed: number, n: number): string {
  const rnd = mulberry32(seed);
  const names = ['Maria Garcia', 'James Smith', 'Wei Zhang', 'Aisha Khan', 'Olga Petrova'];
  let s = 'id,customer_name,billing_street,customer_email,phone,ip_address,ssn,card_number,note\n';
  for (let i = 1; i <= n; i++) {
    const name = names[Math.floor(rnd() * names.length)];
    const user = name.toLowerCase().replace(' ', '.');
    const d = () => Math.floor(rnd() * 10);
    s += `${seed * 1000 + i},${name},${100 + i} Main Street,${user}${i}@example.com,+1-206-555-01${d()}${d()},10.0.${d()}.${d()},123-45-67${d()}${d()},4111 1111 1111 1111,call ${name} back\n`;
  }
  return s;
}

describe('examples/sagemaker', () => {
  it('the request asks for 2 instances, ShardedByS3Key data, a flow channel, output and audit outputs', () => {
    expect(request.ProcessingResources.ClusterConfig.InstanceCount).toBe(2);
    const data = request.ProcessingInputs.find((i) => i.InputName === 'data')!;
    expect(data.S3Input).toMatchObject({ S3DataDistributionType: 'ShardedByS3Key', S3InputMode: 'File', LocalPath: '/opt/ml/processing/input/data' });
    expect(request.ProcessingInputs.find((i) => i.InputName === 'flow')!.S3Input.LocalPath).toBe('/opt/ml/processing/input/flow');
    expect(request.ProcessingOutputConfig.Outputs.map((o) => o.OutputName).sort()).toEqual(['audit', 'output']);
    for (const o of request.ProcessingOutputConfig.Outputs) expect(o.S3Output.LocalPath.startsWith('/opt/ml/processing/output/')).toBe(true);
    expect(request.AppSpecification.ImageUri).toMatch(/<ACCOUNT_ID>\.dkr\.ecr\.<REGION>\.amazonaws\.com\/redactflow:<TAG>/);
    expect(request.AppSpecification.ContainerEntrypoint).toBeUndefined(); // the image's ENTRYPOINT runs
  });

  it('the IAM policy grants exactly what the job needs on the request\'s prefixes', () => {
    expect(allows('comprehend:DetectPiiEntities', '*')).toBe(true);
    for (const i of request.ProcessingInputs) {
      expect(allows('s3:GetObject', arnOf(i.S3Input.S3Uri.endsWith('/') ? `${i.S3Input.S3Uri}x.csv` : i.S3Input.S3Uri)), i.InputName).toBe(true);
      expect(allows('s3:PutObject', arnOf(`${i.S3Input.S3Uri}x`)), `no write on input ${i.InputName}`).toBe(false);
    }
    for (const o of request.ProcessingOutputConfig.Outputs) {
      expect(allows('s3:PutObject', arnOf(`${o.S3Output.S3Uri}algo-1/audit-algo-1.jsonl`))).toBe(true);
      expect(allows('s3:GetObject', arnOf(`${o.S3Output.S3Uri}part-algo-1.parquet`))).toBe(true);
      expect(allows('s3:AbortMultipartUpload', arnOf(`${o.S3Output.S3Uri}part-algo-1.parquet`))).toBe(true);
    }
    expect(allows('logs:PutLogEvents', 'arn:aws:logs:us-east-1:111122223333:log-group:/aws/sagemaker/ProcessingJobs:log-stream:x')).toBe(true);
    const actions = policy.Statement.flatMap((s) => list(s.Action));
    expect(actions.filter((a) => a.endsWith(':*') || a === '*')).toEqual([]);
  });

  it('runs on 2 simulated instances; each writes host-unique files; the audits merge and verify', async () => {
    expect((await loadFlow(join(dir, 'redact.flow.yaml'))).steps.map((s) => s.name)).toEqual(['redact']);
    const objects = ['customers-0.csv', 'customers-1.csv', 'customers-2.csv'];
    const hosts = ['algo-1', 'algo-2'];
    const audits: string[] = [];
    let rows = 0;
    for (const [h, host] of hosts.entries()) {
      const root = mkdtempSync(join(tmpdir(), `rf-example-${host}-`));
      mkdirSync(join(root, 'config'));
      const config = {
        ProcessingJobName: 'redactflow-customers-2026-11-25-0001',
        Environment: request.Environment,
        ProcessingInputs: request.ProcessingInputs,
        ProcessingOutputConfig: request.ProcessingOutputConfig,
      };
      writeFileSync(join(root, 'config', 'processingjobconfig.json'), JSON.stringify(config));
      writeFileSync(join(root, 'config', 'resourceconfig.json'), JSON.stringify({ current_host: host, hosts }));
      mkdirSync(join(root, 'processing', 'input', 'data'), { recursive: true });
      mkdirSync(join(root, 'processing', 'input', 'flow'), { recursive: true });
      copyFileSync(join(dir, 'redact.flow.yaml'), join(root, 'processing', 'input', 'flow', 'redact.flow.yaml'));
      // ShardedByS3Key: this instance receives its own objects only.
      objects.forEach((name, k) => {
        if (k % hosts.length === h) writeFileSync(join(root, 'processing', 'input', 'data', name), customers(k + 1, 12));
      });
      const r = await runProcessingJob({ root, env: { REDACTFLOW_DETECTOR: 'local' } });
      expect(r.shardMode).toBe('by-s3-key');
      expect(r.output).toBe(join(root, 'processing', 'output', 'data', `part-${host}.parquet`));
      expect(r.audit).toBe(join(root, 'processing', 'output', 'audit', host, `audit-${host}.jsonl`));
      for await (const b of (await openSource({ path: r.output! })).batches()) {
        rows += b.rows.length;
        for (const row of b.rows) expect(String(row.customer_email)).not.toMatch(/@example\.com/);
      }
      audits.push(r.audit!);
    }
    expect(rows).toBe(36);
    const out = join(mkdtempSync(join(tmpdir(), 'rf-example-merged-')), 'merged.jsonl');
    const merged = await mergeAudits({ parts: audits, output: out });
    expect(merged.records).toBeGreaterThan(36);
    const v = await verifyAudit({ auditPath: out });
    expect(v.ok).toBe(true);
    expect(v.records).toBe(merged.records);
  });
});
