// Worker thread of the local detector: receives batches of texts, returns the same results the main thread
// would compute (it runs the same detect-core).
import { parentPort, workerData } from 'node:worker_threads';
import type { PiiType } from '../pii-types.ts';
import { detectBatch, selectRecognizers } from './detect-core.ts';

interface Init {
  types?: string[];
}
interface Job {
  id: number;
  texts: (string | null)[];
}

const init = (workerData ?? {}) as Init;
const recognizers = selectRecognizers(init.types);
const typeSet = init.types?.length ? new Set(init.types as PiiType[]) : undefined;

parentPort?.on('message', (job: Job) => {
  const results = detectBatch(job.texts, recognizers, typeSet);
  parentPort?.postMessage({ id: job.id, results });
});
parentPort?.postMessage({ ready: true });
