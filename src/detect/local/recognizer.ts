// One recognizer per file (Presidio's model): its patterns, context words and validator. The local detector
// runs every recognizer over a normalized copy of the text and maps offsets back to the original.
import type { DecisionExplanation } from '../detector.ts';
import type { PiiType } from '../pii-types.ts';

/**
 * Text prepared for matching: NFKC-folded (full-width digits → ASCII), zero-width characters and soft hyphens
 * removed, homoglyph '@' folded. `text` is what recognizers match on; `toOriginal` maps an index in `text`
 * back to a UTF-16 index in `original` (for a span [b, e): begin = toOriginal(b), end = toOriginalEnd(e)).
 */
export interface NormalizedText {
  readonly original: string;
  readonly text: string;
  /** Lower-cased `text` (same length), for context-word and gazetteer lookups. */
  readonly lower: string;
  toOriginal(index: number): number;
  toOriginalEnd(index: number): number;
}

/** A candidate entity in normalized-text offsets. */
export interface Candidate {
  type: PiiType;
  begin: number;
  end: number;
  score: number;
  explanation: DecisionExplanation;
}

export interface Recognizer {
  /** Unique name, used in the audit's decision explanation. */
  readonly name: string;
  /** Types this recognizer can emit (lets a flow's `only:` skip recognizers entirely). */
  readonly types: readonly PiiType[];
  /**
   * Cheap test on the normalized text: return false to skip `recognize` (e.g. no '@' → no email).
   * Must never return false when `recognize` could find something.
   */
  mayMatch?(text: NormalizedText): boolean;
  recognize(text: NormalizedText): Candidate[];
}
