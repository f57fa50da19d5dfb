// `redactflow classify --input FILE [--rows N] [--columns a,b] [--detector local] [--head] [--json]`:
// which columns hold which PII types, in what share of sampled non-null cells, with a suggested decision per
// column (redact_column / redact_entities / keep / empty). Never prints cell content.
import type { Command } from 'commander';
import { ColumnClassifier, type ClassifyReport } from '../../../transforms/classify.ts';
import { createDetector } from '../../detect/create-detector.ts';
import { detectorConfigSchema } from '../../detect/detector-config.ts';
import { openSource } from '../../io/open-table.ts';
import { RedactflowError } from '../../errors.ts';
import { table } from '../output.ts';

interface ClassifyCliOptions {
  input: string;
  rows: string;
  columns?: string;
  detector: string;
  minScore: string;
  head?: boolean;
  json?: boolean;
}

export async function classifyFile(o: ClassifyCliOptions): Promise<ClassifyReport> {
  const rows = Number(o.rows);
  const minScore = Number(o.minScore);
  if (!Number.isInteger(rows) || rows < 1) throw new RedactflowError('USAGE', '--rows: expected a positive integer', { exitCode: 2 });
  if (!Number.isFinite(minScore) || minScore < 0 || minScore > 1) throw new RedactflowError('USAGE', '--min-score: expected a number in [0, 1]', { exitCode: 2 });
  const cfg = detectorConfigSchema.safeParse({ type: o.detector });
  if (!cfg.success) throw new RedactflowError('USAGE', `--detector: unknown or incomplete detector type "${o.detector}"`, { exitCode: 2 });
  const columns = o.columns ? o.columns.split(',').map((c) => c.trim()).filter(Boolean) : undefined;
  const classifier = new ColumnClassifier({ sample_rows: rows, min_score: minScore, min_share: 0.02, seed: 1, columns });
  const source = await openSource({ path: o.input });
  for await (const batch of source.batches()) {
    classifier.add(batch);
    // --head: the first N rows are the sample; stop reading.
    if (o.head && classifier.rowsSeen >= rows) break;
  }
  const detector = await createDetector(cfg.data);
  try {
    return await classifier.classify(detector);
  } finally {
    await detector.close?.();
  }
}

export function register(program: Command): void {
  program
    .command('classify')
    .description('report which columns hold which PII types (share of sampled cells) and a suggested decision per column')
    .requiredOption('--input <file>', 'table to sample (csv, jsonl, parquet, arrow; local or s3://)')
    .option('--rows <n>', 'rows sampled per column (seeded reservoir over the file)', '1000')
    .option('--columns <list>', 'comma-separated columns (default: all)')
    .option('--detector <type>', 'detector backend', 'local')
    .option('--min-score <n>', 'ignore entities scored below this', '0.5')
    .option('--head', 'sample the first N rows instead of the whole file (faster on big files)')
    .option('--json', 'print the report as JSON')
    .action(async (o: ClassifyCliOptions) => {
      const report = await classifyFile(o);
      if (o.json) {
        process.stdout.write(JSON.stringify(report, null, 2) + '\n');
        return;
      }
      const rowsOut = report.columns.map((c) => [
        c.column,
        c.non_null,
        c.suggested + (c.suggested_type ? ` (${c.suggested_type})` : ''),
        c.types.map((t) => `${t.type} ${(t.share * 100).toFixed(1)}%`).join(', ') || '-',
      ]);
      process.stdout.write(`${report.rows_seen} rows read, up to ${report.sample_rows} sampled per column, detector ${report.detector.name} ${report.detector.version}\n\n`);
      process.stdout.write(table(['column', 'non_null', 'suggested', 'types (share of non-null cells)'], rowsOut));
    });
}
