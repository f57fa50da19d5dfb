// AGE: "42 years old", "42-year-old", "aged 42", "age: 42", "42 y/o". The span is the quantity and unit
// ("42 years"), as Comprehend reports it; a bare duration ("for 5 years") is not an age.
import { definePatternRecognizer } from '../pattern-recognizer.ts';
import { features } from '../features.ts';

const N = '(?:1[01]\\d|120|[1-9]?\\d)';

export default definePatternRecognizer({
  name: 'age',
  type: 'AGE',
  patterns: [
    { name: 'years_old', regex: new RegExp(`(?<![\\w.-])${N}(?:\\s?|-)(?:years?|yrs?|yr)(?=\\s(?:old|of age)\\b)`, 'gi'), score: 0.85 },
    { name: 'n_year_old', regex: new RegExp(`(?<![\\w.-])${N}-(?:year|yr)-old\\b`, 'gi'), score: 0.85 },
    { name: 'y_o', regex: new RegExp(`(?<![\\w.-])${N}\\s?(?:y/o|yo|y\\.o\\.)(?![\\w/])`, 'gi'), score: 0.75 },
    { name: 'aged_n', regex: new RegExp(`\\b(?:aged?|age is|age of|ages)\\s*[:=]?\\s*(${N}(?![\\w.]|\\.\\d)(?:\\s?(?:years?|yrs?)\\b)?)`, 'gi'), valueGroup: 1, score: 0.8 },
    { name: 'turned_n', regex: new RegExp(`\\b(?:turn(?:ed|ing|s)?|is now|just turned)\\s+(${N})(?![\\w.:/%-]|\\.\\d)(?!\\s?(?:am|pm|a\\.m|p\\.m|percent|degrees|times|minutes|mins|hours|days|dollars|usd|km|miles))`, 'gi'), valueGroup: 1, score: 0.6 },
    { name: 'months_old', regex: /(?<![\w.-])\d{1,2}(?:\s?|-)(?:months?|weeks?)(?=(?:\s|-)old\b)/gi, score: 0.75 },
  ],
  context: ['age', 'aged', 'born', 'birthday', 'turned', 'turning'],
  contextBoost: 0.05,
  contextFloor: 0,
  mayMatch: (t) => features(t).digits >= 1 && (t.lower.includes('age') || t.lower.includes('old') || t.lower.includes('y') || t.lower.includes('turn') || t.lower.includes('now')),
});
