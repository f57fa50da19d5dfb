// Local files behind the byte layer. Outputs are written under a temporary dot-name in the target folder and
// renamed into place by close() (atomic on one file system), so a failed or aborted run never leaves a file that
// looks finished.
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { InputError } from '../errors.ts';
import { outputError } from './codec-util.ts';
import type { ByteInput, ByteOutput } from './table-io.ts';

const CHUNK = 1 << 20; // 1 MiB reads: few chunks, little per-chunk overhead

export async function localByteInput(path: string): Promise<ByteInput> {
  let size: number;
  try {
    const st = await stat(path);
    if (!st.isFile()) throw new InputError('INPUT_NOT_FOUND', path, 'not a regular file');
    size = st.size;
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError('INPUT_NOT_FOUND', path, 'file not found or not readable');
  }
  let handle: Promise<FileHandle> | null = null;
  return {
    name: path,
    size,
    stream(signal?: AbortSignal): AsyncIterable<Uint8Array> {
      return createReadStream(path, { highWaterMark: CHUNK, signal });
    },
    async read(start: number, end: number): Promise<Uint8Array> {
      // One shared handle for random access, opened on first use and released by close().
      handle ??= open(path, 'r');
      const fh = await handle;
      const length = Math.max(0, Math.min(end, size) - start);
      const buf = Buffer.allocUnsafe(length);
      let done = 0;
      while (done < length) {
        const { bytesRead } = await fh.read(buf, done, length - done, start + done);
        if (bytesRead === 0) break;
        done += bytesRead;
      }
      return done === length ? buf : buf.subarray(0, done);
    },
    async close(): Promise<void> {
      const h = handle;
      handle = null;
      if (h !== null) await (await h).close();
    },
  };
}

let tempCounter = 0;

/** Temporary name next to the target: `.name.partial-<pid>-<n>` (hidden, obviously unfinished). */
export function partialPath(path: string): string {
  return join(dirname(path), `.${basename(path)}.partial-${process.pid}-${tempCounter++}`);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}

/**
 * Removes `.name.partial-<pid>-<suffix>` files of the same target left by processes that died (kill -9, crash):
 * they can never finish. Exported for other writers using the same naming (e.g. the audit log).
 */
export async function removeStalePartials(path: string): Promise<void> {
  const prefix = `.${basename(path)}.partial-`;
  const names = await readdir(dirname(path)).catch(() => [] as string[]);
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const m = /^(\d+)-[0-9a-z]+$/.exec(name.slice(prefix.length));
    if (m === null) continue;
    const pid = Number(m[1]);
    if (pid !== process.pid && !processAlive(pid)) await unlink(join(dirname(path), name)).catch(() => undefined);
  }
}

export async function localByteOutput(path: string): Promise<ByteOutput> {
  const temp = partialPath(path);
  let fh: FileHandle;
  try {
    await mkdir(dirname(path), { recursive: true });
    await removeStalePartials(path);
    fh = await open(temp, 'w');
  } catch (e) {
    throw outputError(path, e);
  }
  let bytes = 0;
  let state: 'open' | 'closed' | 'aborted' = 'open';
  return {
    name: path,
    async write(chunk: Uint8Array): Promise<void> {
      if (state !== 'open') throw outputError(path, new Error('output already closed'));
      try {
        for (let off = 0; off < chunk.length; ) {
          const { bytesWritten } = await fh.write(chunk, off, chunk.length - off);
          off += bytesWritten;
        }
      } catch (e) {
        throw outputError(path, e);
      }
      bytes += chunk.length;
    },
    async close(): Promise<{ bytes: number }> {
      if (state !== 'open') throw outputError(path, new Error('output already closed'));
      state = 'closed';
      try {
        await fh.close();
        await rename(temp, path);
      } catch (e) {
        await unlink(temp).catch(() => undefined);
        throw outputError(path, e);
      }
      return { bytes };
    },
    async abort(): Promise<void> {
      if (state !== 'open') return;
      state = 'aborted';
      await fh.close().catch(() => undefined);
      await unlink(temp).catch(() => undefined);
    },
  };
}
