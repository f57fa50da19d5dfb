import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { loadFlow, parseFlow } from '../../src/flow/load-flow.ts';
import { FlowValidationError } from '../../src/errors.ts';
import { flowJsonSchema } from '../../src/flow/flow-json-schema.ts';

// Inside the repo (tmp/ is git-ignored) so a custom step module resolves zod as it would in a user's project.
const repoTmp = fileURLToPath(new URL('../../tmp/', import.meta.url));
mkdirSync(repoTmp, { recursive: true });
const dir = mkdtempSync(join(repoTmp, 'rf-flow-'));

function write(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

const valid = `
version: 1
name: t
source: { path: in.csv }
steps:
  - sample: { size: 10, seed: 1 }
  - combine_columns: { output: c, template: "{a} and {b}" }
  - redact:
      columns: [c]
      entities:
        NAME: { min_score: 0.7 }
        EMAIL: { operator: { type: mask } }
sink: { path: out/x.parquet }
audit: { path: out/audit.jsonl }
`;

describe('loadFlow', () => {
  it('loads a YAML flow, applies defaults and resolves against the flow folder', async () => {
    const lf = await loadFlow(write('ok.yaml', valid));
    expect(lf.steps.map((s) => s.name)).toEqual(['sample', 'combine_columns', 'redact']);
    expect(lf.dir).toBe(dir);
    expect(lf.sha256).toMatch(/^[0-9a-f]{64}$/);
    const redact = lf.steps[2].options as { min_score: number; operator: { type: string }; on_error: string };
    expect(redact.min_score).toBe(0.5);
    expect(redact.operator.type).toBe('replace');
    expect(redact.on_error).toBe('fail');
  });

  it('loads JSON flows too', async () => {
    const lf = await loadFlow(write('ok.json', JSON.stringify({ version: 1, source: { path: 'a.csv' }, sink: { path: 'b.csv' } })));
    expect(lf.steps).toEqual([]);
  });

  it('lists every problem with its path, what was expected and what was found', async () => {
    const bad = `
version: 2
source: { path: 3 }
steps:
  - sample: { size: "ten" }
  - frobnicate: {}
  - redact: { columns: [c], min_score: 7, operator: { type: blur } }
  - { select: { columns: [a] }, drop: { columns: [b] } }
sink: { path: out.csv }
extra: 1
`;
    const err = await loadFlow(write('bad.yaml', bad)).catch((e) => e);
    expect(err).toBeInstanceOf(FlowValidationError);
    expect(err.exitCode).toBe(2);
    const msg: string = err.message;
    const lines = msg.split('\n');
    expect(lines.every((l: string) => l.startsWith(join(dir, 'bad.yaml') + ': '))).toBe(true);
    expect(msg).toMatch(/: version: .*expected 2|: version: .*1/);
    expect(msg).toMatch(/source\.path: .*expected string, received number/);
    expect(msg).toMatch(/steps\.0\.sample/);
    expect(msg).toMatch(/steps\.1: unknown step "frobnicate"/);
    expect(msg).toMatch(/steps\.2\.redact\.min_score/);
    expect(msg).toMatch(/steps\.2\.redact\.operator/);
    expect(msg).toMatch(/steps\.3: expected exactly one step name/);
    expect(msg).toMatch(/Unrecognized key.*extra/);
  });

  it('reports YAML syntax errors with a line number', async () => {
    const err = await loadFlow(write('syntax.yaml', 'version: 1\nsource: { path: a\n')).catch((e) => e);
    expect(err).toBeInstanceOf(FlowValidationError);
    expect(err.message).toMatch(/line \d+/);
  });

  it('validates custom step modules and their options', async () => {
    const mod = write(
      'my-step.ts',
      `import { z } from 'zod';
export const options = z.object({ suffix: z.string() }).strict();
export function apply(batch, o) { return { ...batch, rows: batch.rows.map((r) => ({ ...r, a: String(r.a) + o.suffix })) }; }
`,
    );
    void mod;
    const lf = await parseFlow({ version: 1, source: { path: 'a.csv' }, sink: { path: 'b.csv' }, steps: [{ custom: { module: './my-step.ts', options: { suffix: '!' } } }] }, { dir });
    expect(lf.steps[0].name).toBe('custom');
    const err = await parseFlow({ version: 1, source: { path: 'a.csv' }, sink: { path: 'b.csv' }, steps: [{ custom: { module: './my-step.ts', options: { suffix: 1 } } }] }, { dir }).catch((e) => e);
    expect(err.message).toMatch(/steps\.0\.custom\.options\.suffix/);
    const missing = await parseFlow({ version: 1, source: { path: 'a.csv' }, sink: { path: 'b.csv' }, steps: [{ custom: { module: './nope.ts' } }] }, { dir }).catch((e) => e);
    expect(missing.message).toMatch(/steps\.0\.custom\.module: could not load module/);
  });

  it('has a JSON Schema listing every step', () => {
    const s = JSON.stringify(flowJsonSchema());
    for (const k of ['sample', 'combine_columns', 'redact', 'select', 'drop', 'rename', 'cast', 'custom', 'min_score']) expect(s).toContain(`"${k}"`);
  });
});
