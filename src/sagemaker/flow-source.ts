// Where the Processing job's flow comes from, first match wins:
//   1. `redactflow sagemaker --flow PATH`
//   2. REDACTFLOW_FLOW: a path, or the flow itself (inline YAML/JSON: any value with a newline or starting "{")
//   3. an input channel named `flow`: the first *.yaml, *.yml, *.json or *.flow file in it (name order)
import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { loadFlow, parseFlow, parseFlowText, type LoadedFlow } from '../flow/load-flow.ts';
import { RedactflowError } from '../errors.ts';
import type { InputChannel } from './processing-config.ts';

export const FLOW_CHANNEL = 'flow';
const FLOW_FILE = /\.(ya?ml|json|flow)$/i;

export interface FlowOrigin {
  kind: 'argument' | 'env-path' | 'env-inline' | 'channel';
  /** The path, or 'REDACTFLOW_FLOW' for an inline flow. */
  where: string;
}

export function isInlineFlow(value: string): boolean {
  return value.includes('\n') || value.trimStart().startsWith('{');
}

export async function resolveJobFlow(opts: {
  flowArg?: string;
  env: Record<string, string | undefined>;
  inputs: readonly InputChannel[];
  cwd?: string;
}): Promise<{ flow: LoadedFlow; origin: FlowOrigin }> {
  if (opts.flowArg) return { flow: await loadFlow(opts.flowArg), origin: { kind: 'argument', where: opts.flowArg } };
  const env = opts.env.REDACTFLOW_FLOW;
  if (env && env.trim() !== '') {
    if (!isInlineFlow(env)) return { flow: await loadFlow(env), origin: { kind: 'env-path', where: env } };
    const file = 'REDACTFLOW_FLOW';
    const raw = parseFlowText(env, file);
    const sha256 = createHash('sha256').update(env, 'utf8').digest('hex');
    const flow = await parseFlow(raw, { file, dir: opts.cwd ?? process.cwd(), sha256, path: file });
    return { flow, origin: { kind: 'env-inline', where: file } };
  }
  const channel = opts.inputs.find((i) => i.name === FLOW_CHANNEL);
  if (channel) {
    const files = (await readdir(channel.localPath).catch(() => [] as string[])).filter((f) => FLOW_FILE.test(f) && !f.startsWith('.')).sort();
    if (files.length === 0) {
      throw new RedactflowError('FLOW_NOT_FOUND', `input channel "${FLOW_CHANNEL}" (${channel.localPath}) holds no .yaml, .yml, .json or .flow file`, { exitCode: 2 });
    }
    const path = join(channel.localPath, files[0]);
    return { flow: await loadFlow(path), origin: { kind: 'channel', where: path } };
  }
  throw new RedactflowError(
    'FLOW_NOT_FOUND',
    `no flow: pass --flow PATH, set REDACTFLOW_FLOW (a path or the flow's YAML) or add a ProcessingInput named "${FLOW_CHANNEL}"`,
    { exitCode: 2 },
  );
}
