#!/usr/bin/env node
// The CLI runs its sources as one bundled JavaScript module (bin/bundle.js) when it can be built, else through
// tsx, the loader user custom-step modules need anyway (they are loaded with tsx's tsImport either way).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const { bundled } = await import('./bundle.js');
const bundle = await bundled('src/cli/main.ts');
let main;
if (bundle) ({ main } = await import(new URL(`file://${bundle}`).href));
else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
process.exitCode = await main(process.argv);
