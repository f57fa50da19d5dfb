// VEHICLE_IDENTIFICATION_NUMBER: 17 characters without I/O/Q; a correct check digit (North American VINs)
// makes it high-confidence, otherwise a "VIN"/"chassis" word is needed (and it scores lower).
import { definePatternRecognizer } from '../pattern-recognizer.ts';
import { vinCheckDigitValid } from '../validators/vin.ts';
import { features } from '../features.ts';
import { createContext } from '../context.ts';

// Only these words vouch for a VIN without a check digit (VINs outside North America have none): "car" or
// "vehicle" near a 17-character code (a part number, a licence key) is not enough.
const strongContext = createContext(['vin', 'vin number', 'vin no', 'vehicle identification', 'vehicle identification number', 'chassis', 'chassis number']);

export default definePatternRecognizer({
  name: 'vin',
  type: 'VEHICLE_IDENTIFICATION_NUMBER',
  patterns: [{ name: 'vin_17', regex: /(?<![\w-])[A-HJ-NPR-Z0-9]{17}(?![\w-])/g, score: 0.3 }],
  validator: {
    name: 'vin_check_digit',
    check: (v) => {
      // Must mix letters and digits (a 17-digit number is not a VIN), and a VIN's last 4 are digits.
      if (!/[A-Z]/.test(v) || !/\d/.test(v) || !/\d{4}$/.test(v)) return 'invalid';
      return vinCheckDigitValid(v) ? 'valid' : 'not_applicable';
    },
  },
  validScore: 0.9,
  context: ['vin', 'vin number', 'vehicle identification', 'vehicle identification number', 'chassis', 'vehicle', 'car'],
  // Without a valid check digit only a strong word is accepted (see accept): 0.8, below a checked one's 0.9+.
  contextBoost: 0.5,
  contextFloor: 0.8,
  accept: (t, begin, end, v) => vinCheckDigitValid(v) || strongContext.find(t, begin, end) !== null,
  // A match is a run of 17 of [A-Z0-9] (features: longest such run).
  mayMatch: (t) => t.text.length >= 17 && features(t).maxUpperAlnumRun >= 17,
});
