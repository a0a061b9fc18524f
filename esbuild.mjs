// Bundles the three shells (VS Code client, language server, CLI) into dist/.
// Type-checking is tsc's job (npm run typecheck); esbuild only transpiles and bundles.
import * as esbuild from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  // The adf-schema package probes feature flags through optional modules we never ship.
  mainFields: ['main', 'module'],
  // jsonc-parser's "main" is a UMD build whose internal requires esbuild cannot follow.
  alias: { 'jsonc-parser': './node_modules/jsonc-parser/lib/esm/main.js' },
};

const entries = [
  { in: 'client/src/extension.ts', out: 'dist/extension.js', external: ['vscode'] },
  { in: 'server/src/server.ts', out: 'dist/server.js' },
  { in: 'server/src/cli/main.ts', out: 'dist/cli.js', banner: '#!/usr/bin/env node' },
  { in: 'server/src/export/lint-worker.ts', out: 'dist/export-worker.js' },
];

import { existsSync } from 'node:fs';
await Promise.all(
  entries
    .filter((e) => existsSync(e.in))
    .map((e) =>
      esbuild.build({
        ...common,
        entryPoints: [e.in],
        outfile: e.out,
        external: e.external ?? [],
        banner: e.banner ? { js: e.banner } : undefined,
      }),
    ),
);
