// IN_PERMANENT_ACCOUNT_NUMBER: AAAPL1234C — 3 letters, the holder-type letter (P person, C company, H HUF,
// F firm, A AOP, T trust, B BOI, L local authority, J juridical, G government), a letter, 4 digits, a letter.
import { definePatternRecognizer } from '../pattern-recognizer.ts';
import { features } from '../features.ts';

export default definePatternRecognizer({
  name: 'in_pan',
  type: 'IN_PERMANENT_ACCOUNT_NUMBER',
  patterns: [{ name: 'pan', regex: /(?<![\w-])[A-Z]{3}[PCHFATBLJG][A-Z]\d{4}[A-Z](?![\w-])/g, score: 0.75 }],
  context: ['pan', 'pan number', 'pan card', 'permanent account number', 'pan no', 'income tax'],
  contextBoost: 0.2,
  contextFloor: 0.9,
  // A match is a run of 10 of [A-Z0-9].
  mayMatch: (t) => features(t).digits >= 4 && features(t).upper >= 6 && features(t).maxUpperAlnumRun >= 10,
});
