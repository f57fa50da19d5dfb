// MAC_ADDRESS: six hex octets with ':' or '-' (same separator throughout), or Cisco's dotted triplets.
import { definePatternRecognizer } from '../pattern-recognizer.ts';
import { features, perText } from '../features.ts';

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

/** Exact prefilter of the dotted form: some '.' followed by four hex digits and another '.'. */
const mayCisco = perText((t) => {
  const s = t.text;
  for (let i = s.indexOf('.'); i >= 0 && i + 5 < s.length; i = s.indexOf('.', i + 1)) {
    if (s.charCodeAt(i + 5) === 46 && isHex(s.charCodeAt(i + 1)) && isHex(s.charCodeAt(i + 2)) && isHex(s.charCodeAt(i + 3)) && isHex(s.charCodeAt(i + 4))) return true;
  }
  return false;
});

export default definePatternRecognizer({
  name: 'mac_address',
  type: 'MAC_ADDRESS',
  patterns: [
    { name: 'mac_colon', regex: /(?<![\w:.-])[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){5}(?![\w:-])/g, score: 0.9, gate: (t) => features(t).colons >= 5 },
    { name: 'mac_dash', regex: /(?<![\w:.-])[0-9A-Fa-f]{2}(?:-[0-9A-Fa-f]{2}){5}(?![\w:-])/g, score: 0.8, gate: (t) => features(t).dashes >= 5 },
    { name: 'mac_cisco', regex: /(?<![\w:.-])[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}(?![\w:.-])/g, score: 0.65, gate: mayCisco },
  ],
  validator: {
    name: 'mac_octets',
    // 00:00:00:00:00:00 and all-decimal dash runs ("12-34-56-78-90-12") are placeholders/ids, not MACs.
    check: (v) => (/^[0:.-]+$/.test(v) ? 'invalid' : /^[\d-]+$/.test(v) ? 'not_applicable' : 'valid'),
  },
  invalidScore: 0,
  context: ['mac', 'mac address', 'hardware address', 'ethernet', 'wifi', 'wi-fi', 'device', 'bssid', 'hwaddr'],
  contextBoost: 0.15,
  contextFloor: 0,
  mayMatch: (t) => {
    const f = features(t);
    return f.colons >= 5 || f.dashes >= 5 || f.dots >= 2;
  },
});
