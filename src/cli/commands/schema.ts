// `redactflow schema`: prints the flow file's JSON Schema (for editors: yaml-language-server, VS Code).
import type { Command } from 'commander';
import { flowJsonSchema } from '../../flow/flow-json-schema.ts';

export function register(program: Command): void {
  program
    .command('schema')
    .description("print the flow file's JSON Schema")
    .action(() => {
      process.stdout.write(JSON.stringify(flowJsonSchema(), null, 2) + '\n');
    });
}
