// The CLI's TypeScript sources bundled once into one plain-JavaScript module with esbuild (a dependency of
// tsx), so `redactflow` runs without a TypeScript loader in the process: tsx's loader thread, compiled module
// copies and source maps cost ~35 MB of RSS and ~0.3 s of start-up on every run. The bundle is cached in the
// package's node_modules/.cache/redactflow/ (bare npm imports resolve from there) and rebuilt when any
// bundled source changes. Returns null when bundling is not possible (no esbuild, folder not writable, a
// dynamic import the bundle cannot see): the caller then loads the sources through tsx as before.
// REDACTFLOW_BUNDLE=0 forces the tsx path.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Bumped when the build options change, so bundles built by an older version are rebuilt. */
const BUILD_OPTIONS_VERSION = 3;
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

const sha = (s) => createHash('sha256').update(s).digest('hex');

function upToDate(manifest) {
  try {
    for (const [file, hash] of Object.entries(manifest.inputs)) if (sha(readFileSync(file)) !== hash) return false;
    return true;
  } catch {
    return false;
  }
}

/**
 * Path of the bundle of `entry` (a source of this package: absolute, or relative to the package root, e.g.
 * "src/cli/main.ts"), built or reused; null when it cannot be had.
 */
export async function bundled(entry) {
  if (process.env.REDACTFLOW_BUNDLE === '0') return null;
  try {
    return await build(entry);
  } catch {
    return null;
  }
}

async function build(entryPath) {
  const entry = isAbsolute(entryPath) ? entryPath : join(ROOT, entryPath);
  const entryRel = relative(ROOT, entry);
  if (entryRel.startsWith('..')) return null;
  const dir = join(ROOT, 'node_modules', '.cache', 'redactflow');
  const name = entryRel.replace(/[^A-Za-z0-9]+/g, '-');
  const manifestPath = join(dir, `${name}.json`);
  try {
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    if (manifest.entry === entry && manifest.build === BUILD_OPTIONS_VERSION && upToDate(manifest)) {
      const main = join(dir, manifest.out, manifest.main);
      statSync(main);
      return main;
    }
  } catch {
    // No usable bundle: build it below.
  }
  const esbuild = await import('esbuild');
  const outdir = join(dir, `.${name}-${process.pid}-${Date.now().toString(36)}.tmp`);
  mkdirSync(outdir, { recursive: true });
  const inputs = {};
  let unbundled = false;
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    // Modules the sources load lazily (import('./x.ts')) stay separate chunks, and so do the npm packages
    // they import: the AWS SDK clients, Arrow or Parquet load only when a run needs them.
    splitting: true,
    outdir,
    entryNames: 'main',
    chunkNames: 'chunk-[hash]',
    // .mjs: no package.json scope decides the module type inside node_modules/.cache.
    outExtension: { '.js': '.mjs' },
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Node 20 supports \p{...}; esbuild would otherwise rewrite such literals into per-call `new RegExp(...)`.
    supported: { 'regexp-unicode-property-escapes': true },
    write: false,
    packages: 'external',
    logLevel: 'silent',
    metafile: true,
    plugins: [
      {
        name: 'source-urls',
        setup(b) {
          // Sources find their data files and workers from their own URL: keep each module's real URL.
          b.onLoad({ filter: /\.[cm]?[jt]s$/ }, (args) => {
            const text = readFileSync(args.path, 'utf8');
            inputs[args.path] = sha(text);
            // A dynamic import of a variable is not bundled, and a relative specifier would then resolve against the bundle's
            // folder: such a source must use a literal specifier (absolute URLs built in code are fine).
            if (/\bimport\(\s*[A-Za-z_$][\w$]*\s*\)/.test(text)) unbundled = true;
            const contents = text
              .replace(/\bimport\.meta\.url\b/g, JSON.stringify(pathToFileURL(args.path).href))
              .replace(/\bimport\.meta\.filename\b/g, JSON.stringify(args.path))
              .replace(/\bimport\.meta\.dirname\b/g, JSON.stringify(dirname(args.path)));
            return { contents, loader: /\.[cm]?ts$/.test(args.path) ? 'ts' : 'js' };
          });
        },
      },
    ],
  });
  if (unbundled) {
    rmSync(outdir, { recursive: true, force: true });
    return null;
  }
  for (const f of result.outputFiles) writeFileSync(f.path, f.contents);
  // The folder is named by what went into it: processes that build the same sources at once end with the same
  // folder, and a folder another process may still be loading chunks from is never replaced.
  const out = `${name}-${sha(JSON.stringify([BUILD_OPTIONS_VERSION, Object.entries(inputs).sort()])).slice(0, 16)}`;
  try {
    renameSync(outdir, join(dir, out));
  } catch {
    rmSync(outdir, { recursive: true, force: true }); // built already by another process
    statSync(join(dir, out, 'main.mjs'));
  }
  const tmp = `${manifestPath}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify({ entry, build: BUILD_OPTIONS_VERSION, out, main: 'main.mjs', inputs }));
  renameSync(tmp, manifestPath);
  removeStale(dir, name, out);
  return join(dir, out, 'main.mjs');
}

/** Builds of older sources, a week unused: a run that started before they were replaced is long finished. */
function removeStale(dir, name, current) {
  const weekAgo = Date.now() - 7 * 24 * 3600 * 1000;
  for (const f of readdirSync(dir)) {
    if (f === current || !f.startsWith(`${name}-`) || f.endsWith('.json')) continue;
    try {
      if (statSync(join(dir, f)).mtimeMs < weekAgo) rmSync(join(dir, f), { recursive: true, force: true });
    } catch {
      // another process removed it
    }
  }
}

/** The package's bundled entries: the CLI and the local detector's worker threads. */
export const ENTRIES = ['src/cli/main.ts', 'src/detect/local/detect-worker.ts'];

// `node bin/bundle.js` builds them all (the container image does, while node_modules is still writable).
if (process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url) {
  for (const e of ENTRIES) if (!(await bundled(e))) throw new Error(`could not bundle ${e}`);
}
