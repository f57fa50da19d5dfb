// LICENSE_PLATE: plate formats differ by country and state (7ABC123, AB12 CDE, ABC-1234, KA-01-AB-1234); only a 4-10 character
// value containing a digit, right after a plate word, is reported.
import { definePatternRecognizer } from '../pattern-recognizer.ts';
import { createContext } from '../context.ts';
import { lowerIncludesAny } from '../features.ts';

const words = ['license plate', 'licence plate', 'plate', 'plate number', 'plate no', 'registration number', 'registration plate', 'reg number', 'reg no', 'number plate', 'tag number', 'plates', 'vehicle registration', 'reg plate', 'reg', 'rego'];
const NEEDLES = ['plate', 'reg', 'tag'];
const hasNeedle = lowerIncludesAny(NEEDLES);
const anywhere = createContext(words);

export default definePatternRecognizer({
  name: 'license_plate',
  type: 'LICENSE_PLATE',
  patterns: [
    // Dash-joined groups continue the plate ("KA-01-AB-1234"); space-joined ones only once ("AB12 CDE").
    { name: 'plate', regex: /(?<![\w-])(?=[A-Z0-9 -]{0,12}\d)[A-Z0-9]{1,4}[- ]?[A-Z0-9]{2,5}(?:-[A-Z0-9]{1,4}){0,2}(?![\w-])/g, score: 0.45, requireContext: true },
  ],
  validator: {
    name: 'plate_shape',
    check: (v) => {
      const c = v.replace(/[- ]/g, '');
      return c.length >= 4 && c.length <= 10 && /\d/.test(c) && /[A-Z]/.test(c) ? 'valid' : c.length >= 4 && c.length <= 8 && /\d/.test(c) ? 'not_applicable' : 'invalid';
    },
  },
  context: words,
  contextBoost: 0.35,
  contextFloor: 0.8,
  window: [32, 8],
  mayMatch: (t) => hasNeedle(t) && anywhere.anywhere(t),
});
