// `npm run bench`'s child for flow jobs: runs one flow the way the CLI does — from the bundled sources
// (bin/bundle.js), with no TypeScript loader in the process, so the peak RSS measured is the engine's — and
// prints one JSON line. Falls back to the sources through tsx when no bundle can be built (reported as
// `bundled: false`). Usage: node bench/flow-child.mjs '{"flow":..., "input":..., "output":..., "audit":...}'
import { pathToFileURL } from 'node:url';
import { bundled } from '../bin/bundle.js';

const job = JSON.parse(process.argv[2]);
const bundle = await bundled('src/index.ts');
let runFlow;
if (bundle) ({ runFlow } = await import(pathToFileURL(bundle).href));
else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ runFlow } = await import('../src/index.ts'));
}
try {
  // CPU of the run itself (all threads), not of loading the modules.
  const cpu0 = process.cpuUsage();
  const summary = await runFlow(job.flow, { input: job.input, output: job.output, ...(job.audit ? { audit: job.audit } : {}) });
  const cpu = process.cpuUsage(cpu0);
  process.stdout.write(
    JSON.stringify({
      ok: true,
      rows: summary.rows_in,
      rows_out: summary.rows_out,
      seconds: summary.seconds,
      entities: summary.entities,
      output_bytes: summary.output?.bytes,
      max_rss_kb: process.resourceUsage().maxRSS,
      cpu_seconds: (cpu.user + cpu.system) / 1e6,
      bundled: bundle !== null,
    }) + '\n',
  );
} catch (e) {
  // Engine errors never carry cell content, so the message is safe to pass up.
  const error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  process.stdout.write(JSON.stringify({ ok: false, error, max_rss_kb: process.resourceUsage().maxRSS }) + '\n');
}
