// Worker thread of the local detector: receives batches of texts, returns the same results the main thread
// would compute (it runs the same detect-core), compactly encoded (result-codec.ts). Also the entry of the
// bundle the main thread loads detect-core from (worker-bundle.ts): there `parentPort` is null and it only
// re-exports.
import { parentPort, workerData } from 'node:worker_threads';
import type { PiiType } from '../pii-types.ts';
import { detectBatch, selectRecognizers } from './detect-core.ts';
import { decodeTexts, ResultEncoder, type EncodedTexts } from './result-codec.ts';

interface Init {
  types?: string[];
}
interface Job {
  id: number;
  /** The texts (what the pool sends), or the joined encoding of result-codec.ts. */
  list?: (string | null)[];
  texts?: EncodedTexts;
}

export { detectBatch, selectRecognizers } from './detect-core.ts';

const init = (workerData ?? {}) as Init;
const recognizers = selectRecognizers(init.types);
const typeSet = init.types?.length ? new Set(init.types as PiiType[]) : undefined;
const encoder = new ResultEncoder();

parentPort?.on('message', (job: Job) => {
  const texts = job.list ?? (job.texts ? decodeTexts(job.texts) : []);
  const results = encoder.encode(detectBatch(texts, recognizers, typeSet));
  parentPort?.postMessage({ id: job.id, results }, [results.counts.buffer, results.ints.buffer, results.scores.buffer]);
});
parentPort?.postMessage({ ready: true });
