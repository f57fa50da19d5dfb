// Streaming SHA-256 of a file (constant memory, any size).
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createHash } from 'node:crypto';

export interface FileDigest {
  path: string;
  /** null when the file is remote (s3://) or was not readable when the manifest was written. */
  bytes: number | null;
  sha256: string | null;
}

export async function sha256File(path: string): Promise<{ sha256: string; bytes: number }> {
  const h = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(path)) {
    h.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: h.digest('hex'), bytes };
}

/** Digest of a local file, or nulls for remote/unreadable paths (a manifest lists them anyway). */
export async function digestFile(path: string): Promise<FileDigest> {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path)) return { path, bytes: null, sha256: null };
  try {
    const st = await stat(path);
    if (!st.isFile()) return { path, bytes: null, sha256: null };
    return { path, ...(await sha256File(path)) };
  } catch {
    return { path, bytes: null, sha256: null };
  }
}
