// `redactflow macie pull -o file.json` and `redactflow macie check file.json --samples s.txt`.
// pull writes the account's custom data identifiers in the shape the macie_custom detector reads; check
// compares local match counts with Macie's TestCustomDataIdentifier and reports regex dialect differences
// (exit 1 when any identifier differs).
import type { Command } from 'commander';
import { readFile, writeFile } from 'node:fs/promises';
import { RedactflowError } from '../../errors.ts';

export function register(program: Command): void {
  const macie = program.command('macie').description('Amazon Macie custom data identifiers: pull them, check them against Macie');
  macie
    .command('pull')
    .description('write the account\'s custom data identifiers to a file (ListCustomDataIdentifiers + BatchGet + Get)')
    .requiredOption('-o, --output <file>', 'identifiers file to write (JSON array)')
    .option('--region <region>', 'AWS region (default AWS_REGION)')
    .option('--endpoint <url>', 'Macie endpoint URL (for tests or VPC endpoints)')
    .action(async (opts: { output: string; region?: string; endpoint?: string }) => {
      // The Macie SDK is loaded on use so other verbs start without it.
      const { createMacieClient } = await import('../../macie/macie-client.ts');
      const { pullCustomDataIdentifiers } = await import('../../macie/pull-identifiers.ts');
      const client = createMacieClient(opts);
      try {
        const { identifiers, skipped } = await pullCustomDataIdentifiers(client);
        await writeFile(opts.output, JSON.stringify(identifiers, null, 2) + '\n');
        for (const s of skipped) process.stderr.write(`redactflow: skipped identifier ${s.id} (${s.reason})\n`);
        process.stderr.write(`redactflow: wrote ${identifiers.length} custom data identifiers to ${opts.output}\n`);
      } finally {
        client.destroy();
      }
    });
  macie
    .command('check')
    .description('compare local matching with Macie\'s TestCustomDataIdentifier on sample lines; report regex dialect differences')
    .argument('<identifiers>', 'identifiers file (JSON array, as written by macie pull)')
    .requiredOption('--samples <file>', 'sample texts, one per line (at most 1000 characters each)')
    .option('--region <region>', 'AWS region (default AWS_REGION)')
    .option('--endpoint <url>', 'Macie endpoint URL')
    .option('--json', 'print the report as JSON')
    .action(async (file: string, opts: { samples: string; region?: string; endpoint?: string; json?: boolean }) => {
      const { loadCustomDataIdentifiers } = await import('../../detect/macie/custom-identifiers.ts');
      const { checkIdentifiers, formatCheckReport, readSamples } = await import('../../macie/check-identifiers.ts');
      const { createMacieClient } = await import('../../macie/macie-client.ts');
      const { identifiers } = await loadCustomDataIdentifiers(file);
      let text: string;
      try {
        text = await readFile(opts.samples, 'utf8');
      } catch (e) {
        throw new RedactflowError('USAGE', `${opts.samples}: cannot read the samples file (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
      }
      const samples = readSamples(text, opts.samples);
      const client = createMacieClient(opts);
      try {
        const report = await checkIdentifiers(identifiers, samples, client);
        process.stdout.write(opts.json ? JSON.stringify(report, null, 2) + '\n' : formatCheckReport(report));
        if (!report.ok) process.exitCode = 1;
      } finally {
        client.destroy();
      }
    });
}
