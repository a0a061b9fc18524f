// package.json `contributes` and the client code agree: every command in the table is declared
// (and the other way round), every contributed file exists, and vsce would ship it.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Module = require('node:module');
import { listFiles, PackageManager } from '@vscode/vsce';

const ROOT = path.resolve(__dirname, '../..');
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

/**
 * commands.ts imports `vscode`, which exists only inside the editor. The table's keys are all
 * this test reads, so a module that answers every property with a no-op is enough to load it.
 */
function loadCommandIds(): string[] {
  const loader = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
  const original = loader._load;
  const inert: object = new Proxy(function () {}, { get: () => inert, apply: () => inert, construct: () => inert });
  loader._load = (request, ...rest) => (request === 'vscode' ? inert : original(request, ...rest));
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { COMMANDS } = require('../../client/src/commands') as typeof import('../../client/src/commands');
    return Object.keys(COMMANDS);
  } finally {
    loader._load = original;
  }
}

/** The files `vsce package` would put in the VSIX, by vsce's own reading of .vscodeignore. */
async function packagedFiles(): Promise<Set<string>> {
  const files = await listFiles({ cwd: ROOT, packageManager: PackageManager.None });
  return new Set(files.map((f) => f.split(path.sep).join('/')));
}

describe('extension manifest', () => {
  it('declares exactly the commands of the command table, each with a title and category', () => {
    const table = loadCommandIds().sort();
    const declared = (manifest.contributes.commands as { command: string; title: string; category: string }[]);
    assert.deepEqual(declared.map((c) => c.command).sort(), table);
    for (const c of declared) {
      assert.ok(c.title && c.category === 'Confluence Triage', c.command);
    }
  });

  it('activates on both languages and on workspaces that contain pages', () => {
    for (const event of [
      'onLanguage:confluence-storage',
      'workspaceContains:**/*.storage.xhtml',
      'workspaceContains:**/*.adf.json',
    ]) {
      assert.ok(manifest.activationEvents.includes(event), event);
    }
    assert.deepEqual(
      manifest.contributes.languages.map((l: { id: string; extensions: string[] }) => [l.id, l.extensions]),
      [
        ['confluence-storage', ['.storage.xhtml']],
        ['confluence-adf', ['.adf.json']],
      ],
    );
  });

  it('ships every contributed file and the bundles, and nothing from the sources', async () => {
    const shipped = await packagedFiles();
    const { languages, grammars, snippets } = manifest.contributes;
    const contributed = [
      ...languages.map((l: { configuration: string }) => l.configuration),
      ...grammars.map((g: { path: string }) => g.path),
      ...snippets.map((s: { path: string }) => s.path),
    ].map((f: string) => f.replace(/^\.\//, ''));
    for (const file of ['package.json', ...contributed]) {
      assert.ok(fs.existsSync(path.join(ROOT, file)), `${file} exists`);
      assert.ok(shipped.has(file), `${file} is shipped`);
    }
    // dist/ exists only after a build (npm test builds first); when it does, the bundles ship.
    for (const bundle of ['dist/extension.js', 'dist/server.js']) {
      if (fs.existsSync(path.join(ROOT, bundle))) assert.ok(shipped.has(bundle), `${bundle} is shipped`);
    }
    const strays = [...shipped].filter((f) => /\.(ts|map|mjs)$/.test(f) || /^(client|server|test|node_modules|scripts)\//.test(f));
    assert.deepEqual(strays, []);
    assert.equal(manifest.main, './dist/extension.js');
  });

  it('defaults confluenceTriage.configFile to the project file the server reads', () => {
    const props = manifest.contributes.configuration.properties;
    assert.equal(props['confluenceTriage.configFile'].default, '.confluence-triage.json');
  });
});
