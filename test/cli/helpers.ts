/** Runs the built CLI (dist/cli.js) as a subprocess, on temp copies of our fixture pages. */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureBuilt, ROOT } from '../helpers/ensure-built';

export const FIXTURES = path.join(ROOT, 'test/fixtures/cli');

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runCli(args: readonly string[], cwd: string): CliRun {
  const cli = ensureBuilt('cli.js');
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A temp folder with the named fixture pages copied in (plus extra files given as text or bytes). */
export function workspace(fixtures: readonly string[], extra: Record<string, string | Buffer> = {}): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ct-cli-')));
  for (const name of fixtures) fs.copyFileSync(path.join(FIXTURES, name), path.join(dir, name));
  for (const [name, content] of Object.entries(extra)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

/** `path:line:col: severity rule-id` of each text-format line, without the message prose. */
export function findings(stdout: string): string[] {
  return stdout
    .split('\n')
    .map((line) => /^(\S+:\d+:\d+: \w+ [a-z0-9-]+) /.exec(line)?.[1])
    .filter((x): x is string => x !== undefined);
}
