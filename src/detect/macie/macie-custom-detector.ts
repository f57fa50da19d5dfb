// `detector: { type: macie_custom, identifiers: file.json }`: Amazon Macie custom data identifiers evaluated
// locally (no AWS call), so a team's existing identifiers redact the same things in data prep as Macie flags
// in S3. Semantics (keywords before the match within maximumMatchDistance measured end to end, ignore words,
// case rules) are documented in custom-identifiers.ts; regex dialect handling in macie-regex.ts.
// Entities: type `CUSTOM:<name>` (name sanitised to [A-Za-z0-9_.-]), score 1 (a custom identifier is a rule:
// it matches or it does not), explanation { recognizer: 'macie_custom', pattern: <identifier name>,
// context: [<keyword>] }. Overlaps between identifiers (or with other detectors) are left to the redactor.
import { isAbsolute, resolve } from 'node:path';
import type { Detector, DetectResult, Entity } from '../detector.ts';
import type { MacieCustomDetectorConfig } from '../detector-config.ts';
import { compileIdentifier, findIdentifierMatches, loadCustomDataIdentifiers, type CompiledIdentifier } from './custom-identifiers.ts';

export const MACIE_CUSTOM_DETECTOR_VERSION = '1';

export async function createMacieCustomDetector(
  config: MacieCustomDetectorConfig,
  opts: { baseDir?: string } = {},
): Promise<Detector> {
  const path = isAbsolute(config.identifiers) ? config.identifiers : resolve(opts.baseDir ?? process.cwd(), config.identifiers);
  const { identifiers, sha256 } = await loadCustomDataIdentifiers(path);
  const compiled: CompiledIdentifier[] = identifiers.map(compileIdentifier);
  let texts = 0;
  let matches = 0;
  return {
    name: 'macie_custom',
    // The identifiers file is part of what decided each redaction: its hash goes into the audit's version.
    version: `${MACIE_CUSTOM_DETECTOR_VERSION}+${sha256.slice(0, 12)}`,
    async detect(batch: readonly (string | null)[]): Promise<DetectResult[]> {
      return batch.map((text) => {
        if (text === null || text === '') return { entities: [] };
        texts++;
        const entities: Entity[] = [];
        for (const ci of compiled) {
          for (const m of findIdentifierMatches(ci, text)) {
            entities.push({
              type: ci.type,
              begin: m.begin,
              end: m.end,
              score: 1,
              explanation: {
                recognizer: 'macie_custom',
                pattern: ci.def.name,
                ...(m.keyword !== undefined ? { context: [m.keyword] } : {}),
                ...(m.distance !== undefined ? { notes: [`keyword_distance:${m.distance}`] } : {}),
              },
            });
          }
        }
        matches += entities.length;
        entities.sort((a, b) => a.begin - b.begin || b.end - a.end);
        return { entities };
      });
    },
    stats: () => ({ texts, matches, identifiers: compiled.length }),
  };
}
