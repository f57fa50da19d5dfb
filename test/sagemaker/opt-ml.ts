// A fake SageMaker Processing tree (what /opt/ml looks like inside the container) in a temp folder.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mulberry32 } from '../../src/util/prng.ts';

export interface FakeInput {
  name: string;
  /** Container path (/opt/ml/processing/input/...), remapped under the root; or any other absolute path. */
  localPath: string;
  distribution?: 'FullyReplicated' | 'ShardedByS3Key';
  s3Uri?: string;
  /** Files written into the channel (relative name → content), when the path is under /opt/ml. */
  files?: Record<string, string>;
}

export interface FakeTree {
  inputs: FakeInput[];
  outputs: { name: string; localPath: string }[];
  host: string;
  hosts: string[];
  environment?: Record<string, string>;
}

/** Where a container path lands under `root`. */
export const under = (root: string, p: string): string => (p.startsWith('/opt/ml/') ? join(root, p.slice('/opt/ml/'.length)) : p);

export function makeOptMl(t: FakeTree): string {
  const root = mkdtempSync(join(tmpdir(), 'rf-optml-'));
  mkdirSync(join(root, 'config'), { recursive: true });
  const job = {
    ProcessingJobArn: 'arn:aws:sagemaker:us-east-1:111122223333:processing-job/redactflow-test',
    ProcessingJobName: 'redactflow-test',
    AppSpecification: { ImageUri: '111122223333.dkr.ecr.us-east-1.amazonaws.com/redactflow:test', ContainerEntrypoint: ['node', '/app/bin/redactflow.js', 'sagemaker'] },
    Environment: t.environment ?? {},
    ProcessingInputs: t.inputs.map((i) => ({
      InputName: i.name,
      AppManaged: false,
      S3Input: {
        S3Uri: i.s3Uri ?? `s3://example-bucket/in/${i.name}`,
        LocalPath: i.localPath,
        S3DataType: 'S3Prefix',
        S3InputMode: 'File',
        S3DataDistributionType: i.distribution ?? 'FullyReplicated',
        S3CompressionType: 'None',
      },
    })),
    ProcessingOutputConfig: {
      Outputs: t.outputs.map((o) => ({ OutputName: o.name, AppManaged: false, S3Output: { S3Uri: `s3://example-bucket/out/${o.name}`, LocalPath: o.localPath, S3UploadMode: 'EndOfJob' } })),
    },
    ProcessingResources: { ClusterConfig: { InstanceCount: t.hosts.length, InstanceType: 'ml.m5.xlarge', VolumeSizeInGB: 30 } },
    RoleArn: 'arn:aws:iam::111122223333:role/redactflow-processing',
    StoppingCondition: { MaxRuntimeInSeconds: 3600 },
  };
  writeFileSync(join(root, 'config', 'processingjobconfig.json'), JSON.stringify(job, null, 2));
  writeFileSync(
    join(root, 'config', 'resourceconfig.json'),
    JSON.stringify({ current_host: t.host, hosts: t.hosts, network_interface_name: 'eth0', current_instance_type: 'ml.m5.xlarge' }),
  );
  for (const i of t.inputs) {
    const dir = under(root, i.localPath);
    mkdirSync(dir, { recursive: true });
    for (const [name, content] of Object.entries(i.files ?? {})) writeFileSync(join(dir, name), content);
  }
  return root;
}

const FIRST = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Frances', 'Ken', 'Radia', 'Shafi'];
const LAST = ['Lovelace', 'Hopper', 'Turing', 'Dijkstra', 'Liskov', 'Knuth', 'Allen', 'Thompson', 'Perlman', 'Goldwasser'];

/** Seeded customers CSV: id (unique from `from`), name, email (PII), city. */
export function customersCsv(seed: number, from: number, rows: number): string {
  const rnd = mulberry32(seed);
  const pick = (a: string[]) => a[Math.floor(rnd() * a.length)];
  let s = 'id,name,email,city\n';
  for (let i = 0; i < rows; i++) {
    const f = pick(FIRST);
    const l = pick(LAST);
    s += `${from + i},${f} ${l},${f.toLowerCase()}.${l.toLowerCase()}${from + i}@mail.example.com,City ${Math.floor(rnd() * 90)}\n`;
  }
  return s;
}

export const REDACT_EMAIL_FLOW = (sink: string) =>
  `version: 1\nname: sm-test\nsource: { path: /does/not/matter.csv }\nsteps:\n  - redact: { columns: [email], detector: { type: local, workers: 0, types: [EMAIL] } }\nsink: { path: ${sink} }\naudit: { path: audit.jsonl, report: false }\n`;
