// `redactflow schema`: prints the flow file's JSON Schema (for editors: yaml-language-server, VS Code).
import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('schema')
    .description("print the flow file's JSON Schema")
    .action(async () => {
      const { flowJsonSchema } = await import('../../flow/flow-json-schema.ts');
      process.stdout.write(JSON.stringify(flowJsonSchema(), null, 2) + '\n');
    });
}
