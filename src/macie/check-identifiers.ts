// `macie check`: runs every identifier on every sample locally and through Macie's TestCustomDataIdentifier,
// and reports where the counts differ, where Macie rejects a regex JavaScript accepts (or the reverse), and
// every construct whose dialect differs between JavaScript and Macie (static analysis, macie-regex.ts).
// Samples are referred to by line number only: they may hold real data.
import { TestCustomDataIdentifierCommand, type Macie2Client } from '@aws-sdk/client-macie2';
import { compileIdentifier, findIdentifierMatches, type CustomDataIdentifier } from '../detect/macie/custom-identifiers.ts';
import { translateMacieRegex, type DialectNote } from '../detect/macie/macie-regex.ts';
import { RedactflowError } from '../errors.ts';
import { awsErrorMessage } from './macie-client.ts';

/** TestCustomDataIdentifier's sampleText limit. */
export const MAX_SAMPLE_LENGTH = 1000;

export interface SampleResult {
  /** 1-based line of the samples file. */
  line: number;
  local: number | null;
  macie: number | null;
  agree: boolean;
}

export interface IdentifierCheck {
  name: string;
  /** Notes of kind `differs` / `unsupported` (and `translated`, for information). */
  dialect: DialectNote[];
  /** Why the regex could not be evaluated locally (JavaScript rejects it), if so. */
  localError?: string;
  /** Macie's error for this identifier (e.g. a ValidationException for a regex it rejects), if any. */
  macieError?: string;
  samples: SampleResult[];
  /** True when counts agree on every sample and both sides accept the regex. */
  ok: boolean;
}

export interface CheckReport {
  identifiers: IdentifierCheck[];
  samples: number;
  ok: boolean;
}

/** One sample per non-empty line; a line over Macie's 1000-character limit is a usage error. */
export function readSamples(text: string, file: string): { line: number; text: string }[] {
  const out: { line: number; text: string }[] = [];
  text.split(/\r?\n/).forEach((t, i) => {
    if (t === '') return;
    if (t.length > MAX_SAMPLE_LENGTH) {
      throw new RedactflowError('USAGE', `${file}:${i + 1}: sample of ${t.length} characters; TestCustomDataIdentifier takes at most ${MAX_SAMPLE_LENGTH}`);
    }
    out.push({ line: i + 1, text: t });
  });
  if (!out.length) throw new RedactflowError('USAGE', `${file}: no samples (one per non-empty line)`);
  return out;
}

export async function checkIdentifiers(
  identifiers: readonly CustomDataIdentifier[],
  samples: readonly { line: number; text: string }[],
  client: Macie2Client,
): Promise<CheckReport> {
  const results: IdentifierCheck[] = [];
  for (const def of identifiers) {
    const dialect = translateMacieRegex(def.regex).notes;
    let local: ((t: string) => number) | undefined;
    let localError: string | undefined;
    try {
      const ci = compileIdentifier(def);
      local = (t) => findIdentifierMatches(ci, t).length;
    } catch (e) {
      localError = (e as Error).message;
    }
    let macieError: string | undefined;
    const rows: SampleResult[] = [];
    for (const s of samples) {
      let macie: number | null = null;
      if (macieError === undefined) {
        try {
          const r = await client.send(
            new TestCustomDataIdentifierCommand({
              regex: def.regex,
              sampleText: s.text,
              keywords: def.keywords,
              ignoreWords: def.ignoreWords,
              maximumMatchDistance: def.maximumMatchDistance,
            }),
          );
          macie = r.matchCount ?? 0;
        } catch (e) {
          const name = (e as { name?: string }).name;
          // A rejected regex fails every sample the same way: record it once and stop asking.
          if (name === 'ValidationException') macieError = awsErrorMessage('TestCustomDataIdentifier', e);
          else throw new RedactflowError('DETECTOR_FAILED', `Macie ${awsErrorMessage(`TestCustomDataIdentifier (identifier "${def.name}")`, e)}`, { cause: e });
        }
      }
      const l = local ? local(s.text) : null;
      rows.push({ line: s.line, local: l, macie, agree: l !== null && macie !== null && l === macie });
    }
    const ok = !localError && !macieError && rows.every((r) => r.agree);
    results.push({ name: def.name, dialect, localError, macieError, samples: rows, ok });
  }
  return { identifiers: results, samples: samples.length, ok: results.every((r) => r.ok) };
}

export function formatCheckReport(r: CheckReport): string {
  const lines: string[] = [];
  for (const id of r.identifiers) {
    const diff = id.samples.filter((s) => !s.agree && s.local !== null && s.macie !== null);
    const tot = (k: 'local' | 'macie') => id.samples.reduce((a, s) => a + (s[k] ?? 0), 0);
    const status = id.ok ? 'agree' : 'DIFFERS';
    lines.push(`identifier "${id.name}": ${status} (${r.samples} samples; matches local ${id.localError ? 'n/a' : tot('local')}, Macie ${id.macieError ? 'n/a' : tot('macie')})`);
    if (id.localError) lines.push(`  JavaScript: ${id.localError}`);
    if (id.macieError) lines.push(`  Macie: ${id.macieError}`);
    for (const s of diff) lines.push(`  sample line ${s.line}: local ${s.local}, Macie ${s.macie}`);
    for (const n of id.dialect) {
      const kind = n.kind === 'translated' ? 'translated for JavaScript, same behaviour' : n.kind;
      lines.push(`  dialect (${kind}): ${n.construct} at ${n.index}: ${n.message}`);
    }
  }
  const bad = r.identifiers.filter((i) => !i.ok).length;
  lines.push(bad ? `${bad} of ${r.identifiers.length} identifiers differ between JavaScript and Macie` : `all ${r.identifiers.length} identifiers agree with Macie`);
  return lines.join('\n') + '\n';
}
