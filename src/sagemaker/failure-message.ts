// <root>/output/message: SageMaker shows this file's text as the job's FailureReason. At most 1 KB of UTF-8,
// cut at a character boundary. It holds the RedactflowError's code and message (which name files, rows,
// columns and entity types, never cell content); any other error contributes only its class name, since its
// message could quote data.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isRedactflowError } from '../errors.ts';

export const MESSAGE_LIMIT = 1024;

/** The longest prefix of `text` whose UTF-8 encoding fits in `limit` bytes (never splits a character). */
export function truncateUtf8(text: string, limit: number): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= limit) return text;
  let end = limit;
  // Back up over continuation bytes (10xxxxxx) so the cut lands before a character's first byte.
  while (end > 0 && (bytes[end] & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end).toString('utf8');
}

export function failureText(e: unknown): string {
  if (isRedactflowError(e)) return `redactflow [${e.code}]: ${e.message}`;
  const name = e instanceof Error ? e.name : typeof e;
  return `redactflow [INTERNAL]: internal error (${name}); see the job's CloudWatch log`;
}

export function failureMessage(e: unknown): string {
  const text = failureText(e);
  if (Buffer.byteLength(text, 'utf8') <= MESSAGE_LIMIT) return text;
  return truncateUtf8(text, MESSAGE_LIMIT - 3) + '...';
}

/** Writes the message file; returns its path. */
export async function writeFailureMessage(root: string, e: unknown): Promise<string> {
  const dir = join(root, 'output');
  await mkdir(dir, { recursive: true });
  const path = join(dir, 'message');
  await writeFile(path, failureMessage(e), 'utf8');
  return path;
}
