// MAC_ADDRESS: six hex octets with ':' or '-' (same separator throughout), or Cisco's dotted triplets.
import { definePatternRecognizer } from '../pattern-recognizer.ts';
import { features } from '../features.ts';

export default definePatternRecognizer({
  name: 'mac_address',
  type: 'MAC_ADDRESS',
  patterns: [
    { name: 'mac_colon', regex: /(?<![\w:.-])[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){5}(?![\w:-])/g, score: 0.9 },
    { name: 'mac_dash', regex: /(?<![\w:.-])[0-9A-Fa-f]{2}(?:-[0-9A-Fa-f]{2}){5}(?![\w:-])/g, score: 0.8 },
    { name: 'mac_cisco', regex: /(?<![\w:.-])[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}(?![\w:.-])/g, score: 0.65 },
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
