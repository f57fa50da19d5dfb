#!/usr/bin/env node
// The CLI runs the TypeScript sources through tsx, the same loader user custom-step modules need.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const { register } = await import('tsx/esm/api');
register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv);
