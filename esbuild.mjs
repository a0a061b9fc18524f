// Bundles the three shells (VS Code client, language server, CLI) and the export lint worker into dist/.
// Type-checking is tsc's job (npm run typecheck); esbuild only transpiles and bundles.
import * as esbuild from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  // CommonJS entry points first: several dependencies (antlr4ts, adf-schema) ship both, and
  // their CJS builds are the ones tested under Node.
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

await Promise.all(
  entries.map((e) =>
    esbuild.build({
      ...common,
      entryPoints: [e.in],
      outfile: e.out,
      external: e.external ?? [],
      banner: e.banner ? { js: e.banner } : undefined,
    }),
  ),
);
