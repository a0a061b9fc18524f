/**
 * `confluence-triage demo [FOLDER]` (what `npm start` runs): the whole product on the
 * bundled example space, offline. It triages the pages, shows what the fixes would change,
 * then starts a Data Center and a Cloud simulator on loopback, seeds the DC one with the
 * example space, migrates it to Cloud in the Cloud editor's format and prints the report.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from '../args';
import type { CliIo, Command } from '../command';
import { loadCliConfig } from '../config';
import { CloudClient, DcClient } from '../../rest/index';
import { loadSeedFolder, startSimulator, type RunningSimulator } from '../../sim/index';
import { migrateSpace, type PageReport } from '../../sync/index';
import { fixCommand } from './fix';
import { lintCommand } from './lint';

const USAGE = `usage: confluence-triage demo [FOLDER]

Runs the whole flow on a folder of pages (default: the bundled examples/):
  1. lint: the triage of every page;
  2. fix --dry-run: what the quick fixes would change;
  3. migrate: a DC simulator seeded with FOLDER's storage pages, migrated to a Cloud simulator
     as Cloud-editor pages (ADF, editor v2), with the migration report.
Everything runs on 127.0.0.1; nothing leaves the machine.`;

/** One line per migrated page: where it went and what needs a look. */
function pageTable(report: { pages: PageReport[] }): string {
  const rows = report.pages.map((p) => [
    p.title,
    `${p.oldId} → ${p.newId ?? '-'}`,
    p.status,
    String(p.triage.length),
    String(p.conversion.length),
    p.conversion.map((c) => c.code).join(', '),
  ]);
  const head = ['page', 'DC id → Cloud id', 'status', 'triage', 'conversion', 'conversion findings'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd() + '\n';
  return '\n' + line(head) + line(widths.map((w) => '-'.repeat(w))) + rows.map(line).join('');
}

function heading(io: CliIo, text: string): void {
  io.stdout.write(`\n${'='.repeat(text.length)}\n${text}\n${'='.repeat(text.length)}\n\n`);
}

async function migrateDemo(folder: string, io: CliIo): Promise<number> {
  const seed = loadSeedFolder(folder, 'ENG');
  const storagePages = seed.pages.filter((p) => p.representation === 'storage');
  const spaceKeys = [...new Set(storagePages.map((p) => p.spaceKey))];
  if (storagePages.length === 0) {
    io.stdout.write('No storage pages to migrate.\n');
    return 0;
  }
  const sims: RunningSimulator[] = [];
  const state = fs.mkdtempSync(path.join(os.tmpdir(), 'confluence-triage-demo-'));
  try {
    const dc = await startSimulator({ flavor: 'dc', seed: { pages: storagePages } });
    sims.push(dc);
    const cloud = await startSimulator({ flavor: 'cloud', seed: { spaces: spaceKeys.map((key) => ({ key, name: key })), pages: [] } });
    sims.push(cloud);
    io.stdout.write(`Data Center simulator: ${dc.baseUrl}\nCloud simulator:       ${cloud.baseUrl}\n\n`);
    const dcClient = new DcClient({ baseUrl: dc.baseUrl, credentials: { kind: 'dc-basic', username: 'admin', password: 'admin' } });
    const cloudClient = new CloudClient({
      baseUrl: cloud.baseUrl,
      credentials: { kind: 'cloud-token', email: 'admin@example.com', apiToken: 'sim-api-token' },
    });
    const { config } = loadCliConfig(undefined, folder);
    let failed = false;
    for (const spaceKey of spaceKeys) {
      const result = await migrateSpace({
        dc: dcClient,
        cloud: cloudClient,
        spaceKey,
        stateDir: path.join(state, spaceKey),
        config,
        onEvent: (event) => io.stderr.write(`  ${JSON.stringify(event)}\n`),
      });
      const summary = fs.readFileSync(result.reportFile.replace(/\.json$/, '.txt'), 'utf8');
      io.stdout.write(summary.endsWith('\n') ? summary : `${summary}\n`);
      io.stdout.write(pageTable(JSON.parse(fs.readFileSync(result.reportFile, 'utf8')) as { pages: PageReport[] }));
      failed ||= !result.clean;
    }
    io.stdout.write(`\nJournal and reports: ${state}\n`);
    return failed ? 1 : 0;
  } finally {
    await Promise.all(sims.map((s) => s.close()));
  }
}

export const demoCommand: Command = {
  name: 'demo',
  summary: 'Triage, fix preview and a simulated DC → Cloud migration of the bundled examples',
  usage: USAGE,
  async run(argv, io) {
    const args = parseArgs(argv, {});
    const folder = path.resolve(io.cwd, args.positional[0] ?? 'examples');
    if (!fs.existsSync(folder)) throw new Error(`${args.positional[0] ?? 'examples'}: no such folder`);
    const relative = path.relative(io.cwd, folder) || '.';

    heading(io, `1. Triage of ${relative}`);
    const lintCode = await lintCommand.run([relative], io);

    heading(io, '2. What the quick fixes would change (fix --dry-run)');
    await fixCommand.run(['--dry-run', relative], io);

    heading(io, '3. Migration of the example space to Cloud, in the Cloud editor format');
    const migrateCode = await migrateDemo(folder, io);
    // Findings are the point of the demo, so only a failed step makes it fail.
    return lintCode === 2 || migrateCode === 2 ? 2 : 0;
  },
};
