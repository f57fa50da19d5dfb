// `redactflow import-dw FLOW.flow [-o flow.yaml]`: converts a SageMaker Data Wrangler flow to a native flow
// (YAML on stdout or in the -o file); the importer's warnings go to stderr and, as comments, into the YAML.
import type { Command } from 'commander';
import { writeFile } from 'node:fs/promises';

export function register(program: Command): void {
  program
    .command('import-dw')
    .description('convert a SageMaker Data Wrangler .flow into a native flow (YAML)')
    .argument('<flow>', 'Data Wrangler .flow file (JSON)')
    .option('-o, --output <file>', 'write the YAML here instead of stdout')
    .action(async (flowPath: string, opts: { output?: string }) => {
      // Loaded on use so other verbs start without the importer.
      const { importDataWranglerFile, dataWranglerToYaml } = await import('../../dw-import/import-file.ts');
      const { flow, warnings } = await importDataWranglerFile(flowPath);
      const yaml = dataWranglerToYaml(flow, warnings, flowPath);
      for (const w of warnings) process.stderr.write(`redactflow: warning: ${w}\n`);
      if (opts.output) {
        await writeFile(opts.output, yaml);
        process.stderr.write(`redactflow: wrote ${opts.output} (${(flow.steps as unknown[]).length} steps, ${warnings.length} warnings)\n`);
      } else process.stdout.write(yaml);
    });
}
