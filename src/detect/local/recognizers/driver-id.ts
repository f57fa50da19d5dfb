// DRIVER_ID: US/UK/other driver's licence numbers have many state formats (A1234567, 123-456-789,
// A123-4567-8901, MORGA753116SM9IJ); only reported next to a licence word.
import { definePatternRecognizer } from '../pattern-recognizer.ts';
import { createContext } from '../context.ts';
import { features, lowerIncludesAny } from '../features.ts';

const words = ["driver's license", "driver's licence", 'drivers license', 'driver license', 'driving licence', 'driving license', "driver's license number", 'license number', 'licence number', 'dl', 'dl#', 'dl #', 'dl no', 'dln', 'driver id', "driver's lic", 'drivers lic', 'license no', 'licence no', 'lic #', 'license #', 'license', 'licence'];
const NEEDLES = ['lic', 'dl', 'driv'];
const hasNeedle = lowerIncludesAny(NEEDLES);
const anywhere = createContext(words);

export default definePatternRecognizer({
  name: 'driver_id',
  type: 'DRIVER_ID',
  patterns: [
    { name: 'letters_digits', regex: /(?<![\w-])[A-Z]{1,2}\d{5,14}(?![\w-])/gi, score: 0.45, requireContext: true },
    { name: 'digit_groups', regex: /(?<![\w.-])(?:[A-Z]\d{2,4}|\d{3,4})[- ]\d{3,4}[- ]\d{2,5}(?:[- ]\d{1,4})?(?![\w-]|\.\d)/gi, score: 0.45, requireContext: true },
    { name: 'digits', regex: /(?<![\w.-])\d{7,12}(?![\w-]|\.\d)/g, score: 0.4, requireContext: true },
    { name: 'uk_licence', regex: /(?<![\w-])[A-Z9]{5}\d{6}[A-Z9]{2}\d[A-Z]{2}(?:\d{2})?(?![\w-])/g, score: 0.7 },
  ],
  context: words,
  contextBoost: 0.4,
  contextFloor: 0.8,
  window: [40, 12],
  negativeContext: ['plate', 'license plate', 'licence plate', 'software', 'key', 'product'],
  negativePenalty: 0.5,
  negativeWindow: [24, 0],
  // Every form holds 5+ digits in a row or digit groups of 8+ joined by '-'/' ' (features: a group of 5+).
  mayMatch: (t) => features(t).maxDigitGroup >= 5 && hasNeedle(t) && anywhere.anywhere(t),
});
