/**
 * The invariants of ARCHITECTURE.md that a compiler does not check by itself.
 */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..');

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sources(path));
    else if (name.endsWith('.ts')) out.push(path);
  }
  return out;
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from\s+|require\()\s*['"]([^'"]+)['"]/g)].map((m) => m[1]);
}

describe('architecture invariants', () => {
  it('1. the core imports neither vscode nor vscode-languageserver, nor any Node API', () => {
    const offenders = sources(join(ROOT, 'server/src/core')).flatMap((file) =>
      imports(file)
        .filter((m) => m === 'vscode' || m.startsWith('vscode-languageserver') || m.startsWith('node:') || ['fs', 'path', 'os', 'child_process', 'http', 'https', 'net'].includes(m))
        .map((m) => `${relative(ROOT, file)} imports ${m}`),
    );
    assert.deepEqual(offenders, []);
  });

  it('1. nothing outside the core reaches into the shells from the core', () => {
    const offenders = sources(join(ROOT, 'server/src/core')).flatMap((file) =>
      imports(file)
        .filter((m) => /\.\.\/(lsp|cli|rest|sim|sync|export|report)\b/.test(m) || m.includes('client/src'))
        .map((m) => `${relative(ROOT, file)} imports ${m}`),
    );
    assert.deepEqual(offenders, []);
  });

  it('6. the REST layer, simulator, sync engine, export reader and CLI never import vscode', () => {
    const dirs = ['rest', 'sim', 'sync', 'export', 'cli'].map((d) => join(ROOT, 'server/src', d));
    const offenders = dirs.flatMap((dir) =>
      sources(dir).flatMap((file) => imports(file).filter((m) => m === 'vscode' || m.startsWith('vscode-languageclient')).map((m) => `${relative(ROOT, file)} imports ${m}`)),
    );
    assert.deepEqual(offenders, []);
  });
});
