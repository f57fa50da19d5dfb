// The worker threads' entry as plain JavaScript: a worker that loads tsx and compiles ~60 TypeScript modules
// itself takes seconds to start on a busy machine and tens of MB more heap; the bundle starts in ~100 ms. Built
// by the package's bundler (bin/bundle.js, the one the CLI uses: cached in node_modules/.cache/redactflow,
// rebuilt when a bundled source changes). Returns null when bundling is not possible: the caller falls back
// to tsx.
import { fileURLToPath } from 'node:url';
import { bundled } from '../../../bin/bundle.js';

let cached: Promise<string | null> | null = null;

/** Path of the bundled worker entry (built or reused), or null to use the tsx fallback. */
export function workerBundle(entryUrl: URL): Promise<string | null> {
  // REDACTFLOW_WORKER_BUNDLE=0 forces the tsx path (tests, or a machine where the bundle misbehaves).
  if (process.env.REDACTFLOW_WORKER_BUNDLE === '0') return Promise.resolve(null);
  cached ??= bundled(fileURLToPath(entryUrl)).catch(() => null);
  return cached;
}
