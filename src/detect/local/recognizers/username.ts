// USERNAME: the value after "username:", "user:", "login:", "handle:", a handle-shaped value right after
// "user"/"login"/"handle" ("user mkowalski88"), and @handles. A bare word is never a username without one.
import { definePatternRecognizer } from '../pattern-recognizer.ts';
import { lowerIncludesAny, perText } from '../features.ts';

// The keyword sits in a lookbehind so the entity is the value only.
const KEY = "(?:user ?name|user(?:[ _-]?id)?|login(?: name| id)?|handle|screen ?name|account name|uname|nick(?:name)?|gamertag|u/n)";
// Cheap test before the keyword regex: some keyword followed by a separator.
const KEY_WORDS = lowerIncludesAny(['user', 'login', 'handle', 'name', 'nick', 'tag', 'u/n']);
// "user mkowalski88", "login j_doe": no separator, so the value must look like a handle (a letter first, and a
// digit or '_' inside): "user experience", "login page", "handle it" stay plain words.
const BARE_KEY_WORDS = lowerIncludesAny(['user', 'login', 'handle', 'gamertag']);
const BARE_AFTER_KEY = /\b(?:user ?name|user|login|handle|screen ?name|gamertag)\s+@?((?=[A-Za-z0-9._-]*[\d_])[A-Za-z][A-Za-z0-9._-]{2,31}(?<![.-]))(?![\w@/:-]|\.\w)/gi;
const hasKey = perText((t) => KEY_WORDS(t) && /(?:user|login|handle|name|nick|tag|u\/n) ?(?:id)?\s*(?:[:=#]|is |was )/.test(t.lower));

function isHandleChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/** Necessary for at_handle: an '@' not after [\w@.+-] and followed by [A-Za-z0-9_] (an e-mail's '@' is not). */
function mayAtHandle(s: string): boolean {
  for (let i = s.indexOf('@'); i >= 0; i = s.indexOf('@', i + 1)) {
    if (!isHandleChar(s.charCodeAt(i + 1))) continue;
    const p = i > 0 ? s.charCodeAt(i - 1) : 32;
    if (!isHandleChar(p) && p !== 64 && p !== 46 && p !== 43 && p !== 45) return true;
  }
  return false;
}

export default definePatternRecognizer({
  name: 'username',
  type: 'USERNAME',
  patterns: [
    {
      name: 'after_keyword',
      regex: new RegExp(`\\b${KEY}\\s*(?:[:=#]|\\bis\\b|\\bwas\\b)\\s*["'\`]?((?!(?:is|was|the|a|an|and|or|not|none|null|n/a|name|required|invalid|incorrect)\\b)[A-Za-z0-9][A-Za-z0-9._-]{1,39}(?<![.-]))`, 'gi'),
      valueGroup: 1,
      score: 0.8,
      gate: hasKey,
    },
    { name: 'keyword_handle', regex: BARE_AFTER_KEY, valueGroup: 1, score: 0.7, gate: BARE_KEY_WORDS },
    { name: 'at_handle', regex: /(?<![\w@.+-])@[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?(?![\w@-]|\.\w)/g, score: 0.55, gate: (t) => mayAtHandle(t.text) },
  ],
  context: ['username', 'user', 'login', 'handle', 'account', 'twitter', 'instagram', 'follow', 'dm', 'github', 'profile'],
  contextBoost: 0.1,
  contextFloor: 0,
  mayMatch: (t) => mayAtHandle(t.text) || hasKey(t) || BARE_KEY_WORDS(t),
});
