// `hash`: HMAC-SHA256 of the value with a key from an env var, so equal values map to equal tokens across rows,
// columns and runs (joins survive) while the value cannot be recovered without the key. Refuses to run without
// the key: an unkeyed hash of an email is reversible by dictionary.
import { createHmac } from 'node:crypto';
import type { Operator } from '../operator.ts';
import { RedactflowError } from '../../errors.ts';

export function hashOperator(keyEnv = 'REDACTFLOW_HASH_KEY', length = 16, env: NodeJS.ProcessEnv = process.env): Operator {
  const key = env[keyEnv];
  if (!key) {
    throw new RedactflowError(
      'REDACTION_KEY_MISSING',
      `the hash operator needs a secret key in the environment variable ${keyEnv}; set it (e.g. 32 random bytes, hex) and run again`,
      { exitCode: 2 },
    );
  }
  return {
    name: 'hash',
    apply: (value, type) => `[${type}:${createHmac('sha256', key).update(value, 'utf8').digest('hex').slice(0, length)}]`,
  };
}
