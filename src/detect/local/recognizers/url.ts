// URL: scheme URLs (http, https, ftp, ...), "www." hosts, and bare domains with a common TLD and a path
// (lower score). A domain that is the right-hand side of an e-mail address is not a URL.
import { definePatternRecognizer } from '../pattern-recognizer.ts';
import { features, lowerMayContain, perText } from '../features.ts';
import type { NormalizedText } from '../recognizer.ts';

const TLDS = 'com|org|net|edu|gov|mil|int|io|co|ai|app|dev|info|biz|me|tv|us|uk|ca|de|fr|es|it|nl|eu|au|in|jp|cn|ru|br|mx|ch|se|no|dk|fi|pl|be|at|ie|nz|za|ly|gl|to|xyz|site|online|store|tech|blog|news';
// Trailing punctuation (".", ",", ")", "!") is sentence punctuation, not part of the URL.
const TAIL = "(?:[^\\s<>\"'`{}|\\\\^\\[\\]]*[^\\s<>\"'`{}|\\\\^\\[\\].,;:!?)(*])?";


function isDomainChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45 || c === 46;
}

/**
 * Exact prefilter of the two domain patterns (their leading lookbehind makes the regex try every position of
 * every text with a '.'): some '.' is followed by a listed TLD, and the run of domain characters before it
 * starts with a letter/digit not preceded by [\w/@:] (the right-hand side of an e-mail address is not).
 */
const mayHaveDomain = perText((t) => {
  const s = t.text;
  for (let dot = s.indexOf('.'); dot >= 0; dot = s.indexOf('.', dot + 1)) {
    // The cheap left-hand test first (an e-mail's domain stops here), then the TLD.
    let b = dot;
    while (b > 0 && isDomainChar(s.charCodeAt(b - 1))) b--;
    const first = s.charCodeAt(b);
    if (first === 45 || first === 46) continue;
    if (b > 0) {
      const prev = s.charCodeAt(b - 1);
      if (prev === 95 || prev === 47 || prev === 64 || prev === 58) continue;
    }
    if (tldAt(s, dot + 1)) return true;
  }
  return false;
});

const hasScheme = (t: NormalizedText): boolean => features(t).slashes >= 2 && t.text.includes('://');
const mayWww = lowerMayContain('www.');
const hasWww = (t: NormalizedText): boolean => mayWww(t) && t.lower.includes('www.');

const TLD_SET = new Set(TLDS.split('|'));
const TLD_MAX = Math.max(...[...TLD_SET].map((w) => w.length));

/**
 * /(?:TLDS)(?!\w)/iy at i (a listed TLD, any case, not followed by [A-Za-z0-9_]): the TLD must be the whole run of
 * ASCII letters there (no character outside ASCII case-folds into one without the u flag).
 */
function tldAt(s: string, i: number): boolean {
  let k = i;
  while (k < s.length && k - i <= TLD_MAX && isAsciiLetter(s.charCodeAt(k))) k++;
  if (k === i || k - i > TLD_MAX) return false;
  const c = s.charCodeAt(k);
  if ((c >= 48 && c <= 57) || c === 95) return false;
  return TLD_SET.has(s.slice(i, k).toLowerCase());
}

function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

export default definePatternRecognizer({
  name: 'url',
  type: 'URL',
  patterns: [
    { name: 'scheme_url', regex: new RegExp(`\\b(?:https?|ftps?|sftp|wss?|file)://[^\\s/<>"'?#]+${TAIL}`, 'gi'), score: 0.9, gate: hasScheme },
    { name: 'www_url', regex: new RegExp(`(?<![\\w./@-])www\\.(?:[a-z0-9-]+\\.)+[a-z]{2,24}(?![\\w-])${TAIL}`, 'gi'), score: 0.85, gate: hasWww },
    {
      name: 'domain_path',
      regex: new RegExp(`(?<![\\w./@:-])(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+(?:${TLDS})/${TAIL}`, 'gi'),
      score: 0.7,
      gate: (t) => features(t).slashes >= 1 && mayHaveDomain(t),
    },
    {
      name: 'bare_domain',
      regex: new RegExp(`(?<![\\w./@:-])(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+(?:${TLDS})(?![\\w@/-]|\\.\\w)`, 'gi'),
      score: 0.45,
      gate: mayHaveDomain,
    },
  ],
  context: ['url', 'website', 'site', 'link', 'visit', 'web', 'homepage', 'page', 'profile'],
  contextBoost: 0.3,
  contextFloor: 0.5,
  // A crawler's info URL inside a user-agent string ("Googlebot/2.1 (+http://www.google.com/bot.html)") points
  // at the crawler's operator, not at a person.
  negativeContext: ['mozilla', 'compatible', 'googlebot', 'bingbot', 'bot', 'crawler', 'spider', 'applewebkit', 'khtml'],
  negativePenalty: 0.5,
  negativeWindow: [80, 0],
  // Every pattern's gate (the domain test is the last: it walks the dots).
  mayMatch: (t) => t.text.includes('.') && (hasScheme(t) || hasWww(t) || mayHaveDomain(t)),
});
