// `redactflow validate FLOW`: checks the flow (and custom step modules) without reading any data.
import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('validate')
    .description('validate a flow file; lists every problem as file: path.to.field: expected, found (exit 2)')
    .argument('<flow>', 'flow file')
    .action(async (flowPath: string) => {
      const { loadFlow } = await import('../../flow/load-flow.ts');
      const lf = await loadFlow(flowPath);
      for (const w of lf.warnings) process.stderr.write(`warning: ${w}\n`);
      process.stdout.write(`${flowPath}: valid (${lf.steps.length} steps: ${lf.steps.map((s) => s.name).join(', ') || 'none'})\n`);
    });
}
