// Shared helpers of the Comprehend tests: a small deterministic detector to back the emulator (so expected
// entities are known exactly), dummy credentials, and a detector wired to an emulator through the real SDK.
import type { DetectResult, Detector, Entity } from '../../src/detect/detector.ts';
import type { ComprehendDetectorConfig } from '../../src/detect/detector-config.ts';
import { createComprehendDetector, type ComprehendDetectorOptions } from '../../src/detect/comprehend/comprehend-detector.ts';

export const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };

/**
 * Finds e-mail-like tokens (EMAIL), "secret-<digits>" (PASSWORD) and "Agent Xxx Yyy..." (NAME, several words so
 * a window cut can fall inside it): exact, fast, context-free.
 */
export function regexDetector(): Detector & { calls: number } {
  const re = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+|secret-\d+|Agent(?: [A-Z][a-z]+)+/gu;
  const d = {
    name: 'regex',
    version: '1',
    calls: 0,
    async detect(texts: readonly (string | null)[]): Promise<DetectResult[]> {
      d.calls++;
      return texts.map((t) => {
        const entities: Entity[] = [];
        for (const m of (t ?? '').matchAll(re)) {
          const type = m[0].startsWith('secret-') ? 'PASSWORD' : m[0].startsWith('Agent') ? 'NAME' : 'EMAIL';
          entities.push({ type, begin: m.index, end: m.index + m[0].length, score: 0.99 });
        }
        return { entities };
      });
    },
  };
  return d;
}

export function comprehendConfig(endpoint: string, extra: Partial<ComprehendDetectorConfig> = {}): ComprehendDetectorConfig {
  return { type: 'comprehend', language: 'en', region: 'us-east-1', endpoint, max_tps: 1000, concurrency: 8, ...extra };
}

export function connect(endpoint: string, extra: Partial<ComprehendDetectorConfig> = {}, options: ComprehendDetectorOptions = {}) {
  return createComprehendDetector(comprehendConfig(endpoint, extra), { clientConfig: { credentials }, retryBaseMs: 2, retryMaxMs: 20, ...options });
}

/** Entities as comparable strings: "TYPE begin-end value". */
export function spans(text: string | null, entities: readonly Entity[]): string[] {
  return entities.map((e) => `${e.type} ${e.begin}-${e.end} ${(text ?? '').slice(e.begin, e.end)}`);
}
