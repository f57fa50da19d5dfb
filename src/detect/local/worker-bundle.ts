// The worker threads' entry, bundled once into plain JavaScript with esbuild (a dependency of tsx): a worker
// that loads tsx and compiles ~60 TypeScript modules itself takes seconds to start on a busy machine and
// tens of MB more heap; the bundle starts in ~100 ms. Cached under the OS temp folder (a private per-user
// folder), rebuilt when any bundled source changes. Returns null when bundling is not possible (no esbuild,
// a bundled module imports an npm package, temp folder unusable): the caller falls back to tsx.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Bumped when the build options change, so bundles cached by an older version are rebuilt. */
const BUILD_OPTIONS_VERSION = 2;

interface Manifest {
  entry: string;
  build?: number;
  /** Absolute path → sha256 of each bundled source at build time. */
  inputs: Record<string, string>;
}

const sha = (s: string | Buffer): string => createHash('sha256').update(s).digest('hex');

function cacheDir(): string | null {
  try {
    const uid = typeof process.getuid === 'function' ? process.getuid() : 0;
    const dir = join(tmpdir(), `redactflow-worker-${uid}`);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const st = statSync(dir);
    // Never run code from a folder someone else could have written to.
    if (typeof process.getuid === 'function' && (st.uid !== uid || (st.mode & 0o022) !== 0)) return null;
    return dir;
  } catch {
    return null;
  }
}

function upToDate(manifest: Manifest): boolean {
  try {
    for (const [file, hash] of Object.entries(manifest.inputs)) if (sha(readFileSync(file)) !== hash) return false;
    return true;
  } catch {
    return false;
  }
}

let cached: Promise<string | null> | null = null;

/** Path of the bundled worker entry (built or reused), or null to use the tsx fallback. */
export function workerBundle(entryUrl: URL): Promise<string | null> {
  // REDACTFLOW_WORKER_BUNDLE=0 forces the tsx path (tests, or a machine where the bundle misbehaves).
  if (process.env.REDACTFLOW_WORKER_BUNDLE === '0') return Promise.resolve(null);
  cached ??= buildBundle(entryUrl).catch(() => null);
  return cached;
}

async function buildBundle(entryUrl: URL): Promise<string | null> {
  const entry = fileURLToPath(entryUrl);
  const dir = cacheDir();
  if (!dir) return null;
  const base = join(dir, `detect-worker-${sha(entry).slice(0, 16)}`);
  try {
    const manifest = JSON.parse(readFileSync(`${base}.json`, 'utf8')) as Manifest;
    if (manifest.entry === entry && manifest.build === BUILD_OPTIONS_VERSION && upToDate(manifest)) {
      statSync(`${base}.mjs`);
      return `${base}.mjs`;
    }
  } catch {
    // No usable cache: build below.
  }
  const { build } = await import('esbuild');
  const inputs: Record<string, string> = {};
  let external = false;
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // esbuild counts \p{...} as unsupported on node20 and rewrites such literals into `new RegExp(...)`,
    // which then compiles on every call inside the name recognizer's hot path. Node 20 supports them.
    supported: { 'regexp-unicode-property-escapes': true },
    write: false,
    packages: 'external',
    logLevel: 'silent',
    metafile: true,
    plugins: [
      {
        name: 'source-urls',
        setup(b) {
          // Sources find their data files from their own URL: keep each module's real URL in the bundle.
          b.onLoad({ filter: /\.[cm]?[jt]s$/ }, (args) => {
            const text = readFileSync(args.path, 'utf8');
            inputs[args.path] = sha(text);
            const url = pathToFileURL(args.path).href;
            const contents = text
              .replace(/\bimport\.meta\.url\b/g, JSON.stringify(url))
              .replace(/\bimport\.meta\.filename\b/g, JSON.stringify(args.path))
              .replace(/\bimport\.meta\.dirname\b/g, JSON.stringify(join(args.path, '..')));
            return { contents, loader: /\.[cm]?ts$/.test(args.path) ? 'ts' : 'js' };
          });
        },
      },
    ],
  });
  for (const input of Object.values(result.metafile.inputs)) {
    for (const imp of input.imports) if (imp.external && !imp.path.startsWith('node:')) external = true;
  }
  // A bare npm import would not resolve from the temp folder.
  if (external || result.outputFiles.length !== 1) return null;
  const tmp = `${base}.${process.pid}.tmp`;
  writeFileSync(tmp, result.outputFiles[0].contents);
  renameSync(tmp, `${base}.mjs`);
  writeFileSync(`${tmp}.json`, JSON.stringify({ entry, build: BUILD_OPTIONS_VERSION, inputs } satisfies Manifest));
  renameSync(`${tmp}.json`, `${base}.json`);
  return `${base}.mjs`;
}
