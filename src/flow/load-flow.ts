// Loads a flow file (YAML or JSON; a Data Wrangler `.flow` is converted), validates all of it before any data
// is read, and reports every problem as `file: path.to.field: what was expected, what was found`.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import YAML from 'yaml';
import type { z } from 'zod';
import { flowTopSchema, customStepSchema } from './flow-schema.ts';
import { builtInTransforms, type TransformDefinition } from '../../transforms/index.ts';
import { FlowValidationError, RedactflowError, type FlowIssue } from '../errors.ts';

export type FlowTop = z.output<typeof flowTopSchema>;

export interface ResolvedStep {
  /** Key in the flow file (`sample`, `redact`, `custom`, ...). */
  name: string;
  index: number;
  transform: TransformDefinition;
  /** Validated options (defaults applied). */
  options: unknown;
}

export interface LoadedFlow {
  /** Absolute path of the flow file ('<inline>' for flows given as objects). */
  path: string;
  /** Folder relative paths resolve against. */
  dir: string;
  /** SHA-256 of the flow file's bytes (of the canonical JSON for inline flows). */
  sha256: string;
  flow: Omit<FlowTop, 'steps'>;
  steps: ResolvedStep[];
  /** Notes from conversion (Data Wrangler import) or validation that do not stop the run. */
  warnings: string[];
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v = root;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

function found(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (typeof v === 'string') return `"${v.length > 40 ? v.slice(0, 40) + '…' : v}"`;
  if (typeof v === 'number' || typeof v === 'boolean' || v === null) return String(v);
  return describe(v);
}

type Issue = z.core.$ZodIssue;

/** Flattens union errors to the closest alternative (fewest problems) so messages name the real field. */
function flatten(issue: Issue): Issue[] {
  if (issue.code === 'invalid_union' && issue.errors.length) {
    const best = [...issue.errors].sort((a, b) => a.length - b.length)[0];
    if (best.length) return best.flatMap((i) => flatten({ ...i, path: [...issue.path, ...i.path] } as Issue));
  }
  return [issue];
}

function zodIssues(error: z.ZodError, prefix: (string | number)[], input?: unknown): FlowIssue[] {
  return error.issues.flatMap(flatten).map((i) => {
    let message = i.message.replace(/^Invalid input: /, '');
    if (input !== undefined && i.code !== 'unrecognized_keys' && !/received|found/.test(message)) {
      message += `, found ${found(valueAt(input, i.path))}`;
    }
    return { path: [...prefix, ...i.path].map(String).join('.') || '(root)', message };
  });
}

/** Parses YAML or JSON text; syntax errors name the line. */
export function parseFlowText(text: string, file: string): unknown {
  try {
    return YAML.parse(text, { prettyErrors: true });
  } catch (e) {
    const err = e as { linePos?: { line: number; col: number }[]; message?: string };
    const pos = err.linePos?.[0];
    throw new FlowValidationError(file, [
      { path: pos ? `line ${pos.line}, column ${pos.col}` : '(syntax)', message: `not valid YAML or JSON: ${(err.message ?? '').split('\n')[0]}` },
    ]);
  }
}

function isDataWranglerFlow(raw: unknown): boolean {
  return typeof raw === 'object' && raw !== null && 'nodes' in raw && Array.isArray((raw as { nodes: unknown }).nodes) && 'metadata' in raw;
}

export async function loadFlow(path: string): Promise<LoadedFlow> {
  const abs = resolve(path);
  let bytes: Buffer;
  try {
    bytes = await readFile(abs);
  } catch {
    throw new RedactflowError('FLOW_NOT_FOUND', `${path}: flow file not found or not readable`, { exitCode: 2 });
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  let raw = parseFlowText(bytes.toString('utf8'), path);
  const warnings: string[] = [];
  if (isDataWranglerFlow(raw)) {
    // A literal specifier: the CLI's bundle (bin/bundle.js) must be able to see and include it.
    const mod = await import('../dw-import/convert-flow.ts');
    const converted = mod.convertDataWranglerFlow(raw, { file: path });
    raw = converted.flow;
    warnings.push(...converted.warnings);
  }
  const loaded = await parseFlow(raw, { file: path, dir: dirname(abs), sha256, path: abs });
  loaded.warnings.unshift(...warnings);
  return loaded;
}

/** Validates a flow given as data (library use, or after conversion). */
export async function parseFlow(
  raw: unknown,
  where: { file?: string; dir?: string; sha256?: string; path?: string } = {},
): Promise<LoadedFlow> {
  const file = where.file ?? '<inline flow>';
  const dir = where.dir ?? process.cwd();
  const issues: FlowIssue[] = [];
  const top = flowTopSchema.safeParse(raw);
  if (!top.success) issues.push(...zodIssues(top.error, [], raw));
  const rawSteps = (raw as { steps?: unknown })?.steps;
  const steps: ResolvedStep[] = [];
  if (Array.isArray(rawSteps)) {
    for (let index = 0; index < rawSteps.length; index++) {
      const s = rawSteps[index];
      if (typeof s !== 'object' || s === null || Array.isArray(s)) {
        issues.push({ path: `steps.${index}`, message: `expected an object with one step name as its key, found ${describe(s)}` });
        continue;
      }
      const keys = Object.keys(s);
      if (keys.length !== 1) {
        issues.push({ path: `steps.${index}`, message: `expected exactly one step name as key, found ${keys.length} keys (${keys.join(', ') || 'none'})` });
        continue;
      }
      const name = keys[0];
      const value = (s as Record<string, unknown>)[name];
      if (name === 'custom') {
        const step = await resolveCustomStep(value, index, dir, issues);
        if (step) steps.push(step);
        continue;
      }
      const transform = builtInTransforms[name];
      if (!transform) {
        issues.push({
          path: `steps.${index}`,
          message: `unknown step "${name}", expected one of ${[...Object.keys(builtInTransforms), 'custom'].join(', ')}`,
        });
        continue;
      }
      const parsed = transform.options.safeParse(value ?? {});
      if (!parsed.success) issues.push(...zodIssues(parsed.error, ['steps', index, name], value ?? {}));
      else steps.push({ name, index, transform, options: parsed.data });
    }
  }
  if (issues.length) throw new FlowValidationError(file, issues);
  const { steps: _ignored, ...flow } = top.data!;
  const sha256 = where.sha256 ?? createHash('sha256').update(JSON.stringify(raw)).digest('hex');
  return { path: where.path ?? file, dir, sha256, flow, steps, warnings: [] };
}

async function resolveCustomStep(value: unknown, index: number, dir: string, issues: FlowIssue[]): Promise<ResolvedStep | null> {
  const parsed = customStepSchema.safeParse(value);
  if (!parsed.success) {
    issues.push(...zodIssues(parsed.error, ['steps', index, 'custom'], value));
    return null;
  }
  const modPath = resolve(dir, parsed.data.module);
  let mod: Record<string, unknown>;
  try {
    // tsx's tsImport loads a .ts module as ESM whatever the user's package.json says (a plain import under the
    // CLI's CommonJS-defaulting loader fails for modules outside an ESM package).
    const { tsImport } = await import('tsx/esm/api');
    mod = (await tsImport(pathToFileURL(modPath).href, import.meta.url)) as Record<string, unknown>;
  } catch (e) {
    issues.push({ path: `steps.${index}.custom.module`, message: `could not load module ${parsed.data.module}: ${(e as Error).message.split('\n')[0]}` });
    return null;
  }
  const def = (mod.default && typeof mod.default === 'object' ? mod.default : mod) as Partial<TransformDefinition>;
  if (!def.options || typeof (def.options as { safeParse?: unknown }).safeParse !== 'function') {
    issues.push({ path: `steps.${index}.custom.module`, message: `expected the module to export \`options\` (a zod schema), found ${describe(def.options)}` });
    return null;
  }
  if (typeof def.apply !== 'function' && typeof def.stage !== 'function') {
    issues.push({ path: `steps.${index}.custom.module`, message: 'expected the module to export `apply(batch, options, ctx)` or `stage(options, ctx)`, found neither' });
    return null;
  }
  const opts = def.options.safeParse(parsed.data.options ?? {});
  if (!opts.success) {
    issues.push(...zodIssues(opts.error, ['steps', index, 'custom', 'options'], parsed.data.options ?? {}));
    return null;
  }
  const transform: TransformDefinition = { name: def.name ?? `custom:${parsed.data.module}`, options: def.options, apply: def.apply, stage: def.stage, columns: def.columns };
  return { name: 'custom', index, transform, options: opts.data };
}
