// What a Comprehend run costs, and a dry-run detector that packs exactly like the real one but never calls AWS:
// `redactflow run --dry-run` prints its stats (requests, bytes, chars, units, estimated USD).
import type { DetectResult, Detector, DetectorStats } from '../detector.ts';
import type { ComprehendDetectorConfig } from '../detector-config.ts';
import { packTexts, resolvePackOptions } from './packer.ts';

/** Public DetectPiiEntities price per unit (100 characters) in USD. */
export const DEFAULT_PRICE_PER_UNIT = 0.0001;

/** Billed units of one request of `chars` characters: 100-character units, 3 units minimum. */
export function estimateUnits(chars: number): number {
  return Math.max(3, Math.ceil(chars / 100));
}

export function createComprehendDryRunDetector(config: ComprehendDetectorConfig, options: { separator?: string } = {}): Detector {
  const pack = resolvePackOptions({ maxBytes: config.max_request_bytes, separator: options.separator });
  const price = config.price_per_unit ?? DEFAULT_PRICE_PER_UNIT;
  const n = { requests: 0, bytes: 0, chars: 0, units: 0, texts: 0, skipped_texts: 0, windowed_texts: 0 };
  return {
    name: 'comprehend',
    version: 'dry-run',
    async detect(texts): Promise<DetectResult[]> {
      const { requests, windows } = packTexts(texts, pack);
      for (const r of requests) {
        n.requests++;
        n.bytes += r.bytes;
        n.chars += r.chars;
        n.units += estimateUnits(r.chars);
      }
      for (const w of windows) {
        if (w === 0) n.skipped_texts++;
        else n.texts++;
        if (w > 1) n.windowed_texts++;
      }
      return texts.map(() => ({ entities: [] }));
    },
    stats(): DetectorStats {
      // Rounded to a hundredth of a cent so sums of many batches print cleanly.
      return { ...n, price_per_unit: price, estimated_usd: Math.round(n.units * price * 10_000) / 10_000 };
    },
  };
}
