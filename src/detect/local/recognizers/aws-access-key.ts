// AWS_ACCESS_KEY: access key ids are 20 characters, a 4-letter type prefix (AKIA long-term, ASIA temporary,
// ...) and 16 base32 characters.
import { definePatternRecognizer } from '../pattern-recognizer.ts';
import { features } from '../features.ts';

export default definePatternRecognizer({
  name: 'aws_access_key',
  type: 'AWS_ACCESS_KEY',
  patterns: [
    { name: 'akia_asia', regex: /(?<![A-Za-z0-9/+])(?:AKIA|ASIA)[A-Z2-7]{16}(?![A-Za-z0-9/+])/g, score: 0.95 },
    { name: 'other_prefix', regex: /(?<![A-Za-z0-9/+])(?:AGPA|AIDA|AROA|AIPA|ANPA|ANVA|APKA|ABIA|ACCA)[A-Z2-7]{16}(?![A-Za-z0-9/+])/g, score: 0.8 },
  ],
  context: ['aws', 'access key', 'access key id', 'aws_access_key_id', 'key id', 'iam'],
  contextBoost: 0.05,
  contextFloor: 0,
  // A key is a run of 20 of [A-Z0-9] (features: the longest such run).
  mayMatch: (t) => features(t).maxUpperAlnumRun >= 20,
});
