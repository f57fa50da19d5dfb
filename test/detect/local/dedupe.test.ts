// De-duplication rules of the local detector (detect-core.ts).
import { describe, expect, it } from 'vitest';
import type { Entity } from '../../../src/detect/detector.ts';
import { dedupe } from '../../../src/detect/local/detect-core.ts';

const e = (type: string, begin: number, end: number, score: number): Entity => ({ type: type as Entity['type'], begin, end, score, explanation: { recognizer: type.toLowerCase() } });
const brief = (xs: Entity[]) => xs.map((x) => [x.type, x.begin, x.end, x.score]);

describe('dedupe', () => {
  it('same span: keeps the highest score whatever the type', () => {
    expect(brief(dedupe([e('PHONE', 0, 12, 0.6), e('UK_NATIONAL_HEALTH_SERVICE_NUMBER', 0, 12, 0.9)]))).toEqual([['UK_NATIONAL_HEALTH_SERVICE_NUMBER', 0, 12, 0.9]]);
  });
  it('same type nested: keeps the outer span with the higher score, and says so', () => {
    const out = dedupe([e('DATE_TIME', 0, 33, 0.8), e('DATE_TIME', 26, 33, 0.85)]);
    expect(brief(out)).toEqual([['DATE_TIME', 0, 33, 0.85]]);
    expect(out[0].explanation?.notes).toEqual(['merged_nested_span']);
  });
  it('same type partly overlapping: keeps the higher score', () => {
    expect(brief(dedupe([e('URL', 0, 10, 0.5), e('URL', 5, 20, 0.9)]))).toEqual([['URL', 5, 20, 0.9]]);
  });
  it('different types overlapping: keeps both, sorted by begin', () => {
    expect(brief(dedupe([e('URL', 5, 20, 0.9), e('EMAIL', 0, 20, 0.95)]))).toEqual([['EMAIL', 0, 20, 0.95], ['URL', 5, 20, 0.9]]);
  });
});
