// A deterministic detector for unit tests: finds literal needles with fixed types and scores.
import type { Detector, DetectResult } from '../../src/detect/detector.ts';
import type { PiiType } from '../../src/detect/pii-types.ts';

export interface Needle {
  text: string;
  type: PiiType;
  score: number;
}

export function needleDetector(needles: Needle[], opts: { failOn?: string } = {}): Detector & { calls: number } {
  const d = {
    name: 'needles',
    version: 'test',
    calls: 0,
    async detect(texts: readonly (string | null)[]): Promise<DetectResult[]> {
      d.calls++;
      return texts.map((t) => {
        if (t === null) return { entities: [] };
        if (opts.failOn && t.includes(opts.failOn)) return { entities: [], error: { code: 'TestFailure', message: 'injected' } };
        const entities = [];
        for (const n of needles) {
          for (let i = t.indexOf(n.text); i >= 0; i = t.indexOf(n.text, i + 1)) {
            entities.push({ type: n.type, begin: i, end: i + n.text.length, score: n.score });
          }
        }
        return { entities };
      });
    },
  };
  return d;
}
