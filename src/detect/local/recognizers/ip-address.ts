// IP_ADDRESS: dotted-quad IPv4 (not version strings: "1.2.3", "10.0.19041.1", "Chrome/41.0.2.1") and IPv6
// (checked with node:net, so MAC addresses and times do not pass).
import { isIPv6 } from 'node:net';
import type { Candidate, NormalizedText, Recognizer } from '../recognizer.ts';
import { createContext } from '../context.ts';
import { scoreCandidate } from '../pattern-recognizer.ts';
import { features } from '../features.ts';

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const V4 = new RegExp(`(?<![\\w.-]|\\d\\.)${OCTET}(?:\\.${OCTET}){3}(?![\\w-]|\\.\\d)`, 'g');
const V6 = /(?<![\w:.])(?:[0-9A-Fa-f]{1,4}:|::?)(?:[0-9A-Fa-f]{0,4}:){1,7}(?:[0-9A-Fa-f]{1,4}|(?:\d{1,3}\.){3}\d{1,3})?(?:%[0-9A-Za-z]+)?(?![\w:]|\.\d)/g;
const context = createContext(['ip', 'ip address', 'ipv4', 'ipv6', 'address', 'host', 'from', 'client', 'server', 'remote', 'login', 'logged']);
const negative = createContext(['version', 'ver', 'v', 'build', 'release', 'firmware', 'os', 'android', 'ios', 'windows', 'chrome', 'safari', 'firefox', 'rv', 'mozilla', 'gecko', 'applewebkit', 'khtml', 'like']);

function mayV4(t: NormalizedText): boolean {
  const f = features(t);
  return f.dots >= 3 && f.maxDigitGroup >= 4;
}

const recognizer: Recognizer = {
  name: 'ip_address',
  types: ['IP_ADDRESS'],
  // A dotted quad is 3 dots inside one digit group of 4+ digits (features count '.' as a group separator);
  // IPv6 needs 2 colons.
  mayMatch: (t) => mayV4(t) || features(t).colons >= 2,
  recognize(text) {
    const out: Candidate[] = [];
    const s = text.text;
    V4.lastIndex = 0;
    for (let m = mayV4(text) ? V4.exec(s) : null; m !== null; m = V4.exec(s)) {
      const begin = m.index;
      const end = begin + m[0].length;
      // "Chrome/41.0.2.1", "v1.2.3.4": product versions, not addresses.
      const prev = begin > 0 ? s.charCodeAt(begin - 1) : 0;
      if ((prev === 47 /* / */ || prev === 58) /* : */ && begin > 1 && /[A-Za-z]/.test(s[begin - 2])) continue;
      // 0.x.x.x is not a routable host address and is how version numbers start: lower confidence.
      const zeroNet = s.charCodeAt(begin) === 48;
      if ((prev === 118 || prev === 86) /* v V */ && (begin < 2 || !/\w/.test(s[begin - 2]))) continue;
      const neg = negative.find(text, begin, end, 24, 0);
      const ctx = context.find(text, begin, end);
      const { score, explanation } = scoreCandidate('ip_address', 'ipv4', {
        base: zeroNet ? 0.6 : 0.85,
        verdict: { name: 'ipv4_octets', result: 'valid' },
        context: ctx,
        contextBoost: 0.1,
        contextFloor: 0,
        negative: neg,
        negativePenalty: 0.5,
      });
      out.push({ type: 'IP_ADDRESS', begin, end, score, explanation });
    }
    if (features(text).colons >= 2) {
      V6.lastIndex = 0;
      for (let m = V6.exec(s); m !== null; m = V6.exec(s)) {
        const v = m[0];
        const addr = v.includes('%') ? v.slice(0, v.indexOf('%')) : v;
        if (addr.length < 3 || !isIPv6(addr)) continue;
        // "::" alone or a bare "1::" are too weak to report.
        if (!/[0-9A-Fa-f]{2,}/.test(addr)) continue;
        const begin = m.index;
        const end = begin + v.length;
        const full = addr.split(':').length >= 8 || (addr.includes('::') && addr.split(':').filter(Boolean).length >= 2);
        const ctx = context.find(text, begin, end);
        const { score, explanation } = scoreCandidate('ip_address', 'ipv6', {
          base: full ? 0.85 : 0.5,
          verdict: { name: 'ipv6_syntax', result: 'valid' },
          context: ctx,
          contextBoost: 0.15,
          contextFloor: 0,
        });
        out.push({ type: 'IP_ADDRESS', begin, end, score, explanation });
      }
    }
    return out;
  },
};
export default recognizer;
