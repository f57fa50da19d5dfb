// The SageMaker Processing container contract, read from <root>/config (root = $REDACTFLOW_OPT_ML or /opt/ml):
//   processingjobconfig.json  ProcessingInputs[].S3Input.{LocalPath, S3Uri, S3DataDistributionType},
//                             ProcessingOutputConfig.Outputs[].S3Output.{LocalPath, S3Uri}, Environment
//   resourceconfig.json       current_host, hosts
// Only the keys used here are validated; everything else SageMaker writes is ignored.
import { readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { z } from 'zod';
import { RedactflowError } from '../errors.ts';

export const DEFAULT_ROOT = '/opt/ml';

export function processingRoot(env: Record<string, string | undefined> = process.env): string {
  return env.REDACTFLOW_OPT_ML || DEFAULT_ROOT;
}

const s3InputSchema = z.object({
  LocalPath: z.string().min(1),
  S3Uri: z.string().optional(),
  S3DataType: z.string().optional(),
  S3InputMode: z.string().optional(),
  S3DataDistributionType: z.enum(['FullyReplicated', 'ShardedByS3Key']).default('FullyReplicated'),
});

const inputSchema = z.object({
  InputName: z.string().min(1),
  S3Input: s3InputSchema.optional(),
});

const outputSchema = z.object({
  OutputName: z.string().min(1),
  S3Output: z.object({ LocalPath: z.string().min(1), S3Uri: z.string().optional() }).optional(),
});

const jobConfigSchema = z.object({
  ProcessingJobName: z.string().optional(),
  Environment: z.record(z.string(), z.string()).nullish(),
  ProcessingInputs: z.array(inputSchema).nullish(),
  ProcessingOutputConfig: z.object({ Outputs: z.array(outputSchema).default([]) }).nullish(),
});

const resourceConfigSchema = z.object({
  current_host: z.string().min(1),
  hosts: z.array(z.string().min(1)).min(1),
});

export type Distribution = 'FullyReplicated' | 'ShardedByS3Key';

export interface InputChannel {
  name: string;
  /** Local folder (remapped under the root when it is given as /opt/ml/...). */
  localPath: string;
  s3Uri?: string;
  distribution: Distribution;
  inputMode?: string;
}

export interface OutputChannel {
  name: string;
  localPath: string;
  s3Uri?: string;
}

export interface ProcessingContext {
  root: string;
  jobName?: string;
  environment: Record<string, string>;
  inputs: InputChannel[];
  outputs: OutputChannel[];
  currentHost: string;
  /** Sorted host names; this host's shard index is its position here. */
  hosts: string[];
  hostIndex: number;
}

/** Paths in the config are container paths (/opt/ml/...); under a relocated root they move with it. */
export function remapPath(root: string, p: string): string {
  if (root === DEFAULT_ROOT) return p;
  if (p === DEFAULT_ROOT || p.startsWith(`${DEFAULT_ROOT}/`)) return join(root, p.slice(DEFAULT_ROOT.length));
  return isAbsolute(p) ? p : join(root, p);
}

async function readJson(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new RedactflowError('USAGE', `${path}: not found (is this running as a SageMaker Processing job? set REDACTFLOW_OPT_ML to use another root)`, { exitCode: 2 });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new RedactflowError('USAGE', `${path}: not valid JSON`, { exitCode: 2 });
  }
}

function invalid(path: string, error: z.ZodError): RedactflowError {
  const issues = error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
  return new RedactflowError('USAGE', `${path}: ${issues}`, { exitCode: 2 });
}

export async function readProcessingContext(root: string): Promise<ProcessingContext> {
  const jobPath = join(root, 'config', 'processingjobconfig.json');
  const resPath = join(root, 'config', 'resourceconfig.json');
  const job = jobConfigSchema.safeParse(await readJson(jobPath));
  if (!job.success) throw invalid(jobPath, job.error);
  const res = resourceConfigSchema.safeParse(await readJson(resPath));
  if (!res.success) throw invalid(resPath, res.error);
  const hosts = [...new Set(res.data.hosts)].sort();
  const hostIndex = hosts.indexOf(res.data.current_host);
  if (hostIndex < 0) throw new RedactflowError('USAGE', `${resPath}: current_host is not one of hosts`, { exitCode: 2 });
  const inputs: InputChannel[] = [];
  for (const i of job.data.ProcessingInputs ?? []) {
    if (!i.S3Input) continue; // DatasetDefinition inputs (Athena/Redshift) are not table files we can read here
    inputs.push({
      name: i.InputName,
      localPath: remapPath(root, i.S3Input.LocalPath),
      s3Uri: i.S3Input.S3Uri,
      distribution: i.S3Input.S3DataDistributionType,
      inputMode: i.S3Input.S3InputMode,
    });
  }
  const outputs: OutputChannel[] = [];
  for (const o of job.data.ProcessingOutputConfig?.Outputs ?? []) {
    if (o.S3Output) outputs.push({ name: o.OutputName, localPath: remapPath(root, o.S3Output.LocalPath), s3Uri: o.S3Output.S3Uri });
  }
  return {
    root,
    jobName: job.data.ProcessingJobName,
    environment: job.data.Environment ?? {},
    inputs,
    outputs,
    currentHost: res.data.current_host,
    hosts,
    hostIndex,
  };
}
