/**
 * `confluence-triage sim`: runs the local Confluence simulator until SIGINT/SIGTERM, so the
 * whole pull/fix/push flow can be tried without a real Confluence.
 */
import * as path from 'node:path';
import { choice, lastValue, parseArgs } from '../args';
import type { CliIo, Command } from '../command';
import { UsageError } from '../command';
import { DEFAULT_CLOUD_USERS, DEFAULT_DC_USERS, loadSeed, startSimulator, type FaultOptions, type SeedData, type SimulatorOptions } from '../../sim/index';

const USAGE = `usage: confluence-triage sim --flavor dc|cloud [options]

Runs a local simulator of the Confluence REST API on 127.0.0.1 until Ctrl+C.

options:
  --flavor dc|cloud        Data Center (/rest/api) or Cloud (/wiki/api/v2 + /wiki/rest/api)
  --port N                 port to listen on; 0 (default) picks a free one
  --data PATH              seed from a folder of *.storage.xhtml / *.adf.json pages
                           (optional <name>.meta.json beside each) or a space export
                           (.zip or entities.xml); default: one DEMO space with a Home page
  --space KEY              space key for folder pages without one (default DEMO)
  --context-path PATH      DC context path, e.g. /confluence (default none)
  --max-limit N            largest page size served (default DC 100, Cloud 250)
  --no-anonymous           DC: turn anonymous access off (invalid PATs then get 401)
  --rate-limit SPEC        DC: CAPACITY:FILL:INTERVAL_SECONDS (e.g. 20:5:1);
                           Cloud: RATE_PER_SECOND:BURST (e.g. 10:50)
  --fault-seed N           seed of the fault PRNG (default 1)
  --error-rate F           fraction of requests answered with an error status
  --error-status N         500, 501 (DC unreconciled page), 502 or 503; repeatable
                           (default 500, 502, 503)
  --reset-rate F           fraction of connections reset before handling
  --lost-rate F            fraction of requests applied, then left unanswered
  --slow-rate F            fraction delayed by --slow-ms (default 1000)
  --slow-ms N
`;

function number(flag: string, text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n) || n < min || n > max) throw new UsageError(`${flag} must be a number from ${min} to ${max}`);
  return n;
}

function rateSpec(flavor: 'dc' | 'cloud', spec: string | undefined): Pick<SimulatorOptions, 'dcRateLimit' | 'cloudRateLimit'> {
  if (spec === undefined) return {};
  const parts = spec.split(':').map(Number);
  const ok = parts.every((n) => Number.isFinite(n) && n > 0);
  if (flavor === 'dc') {
    if (parts.length !== 3 || !ok) throw new UsageError('--rate-limit for dc is CAPACITY:FILL:INTERVAL_SECONDS, e.g. 20:5:1');
    return { dcRateLimit: { capacity: parts[0], fillRate: parts[1], intervalSeconds: parts[2] } };
  }
  if (parts.length !== 2 || !ok) throw new UsageError('--rate-limit for cloud is RATE_PER_SECOND:BURST, e.g. 10:50');
  return { cloudRateLimit: { ratePerSecond: parts[0], burst: parts[1] } };
}

const DEMO_SEED: SeedData = {
  spaces: [{ key: 'DEMO', name: 'Demo space' }],
  pages: [{ title: 'Home', spaceKey: 'DEMO', body: '<p>Welcome to the simulated Confluence.</p>', representation: 'storage' }],
};

export const simCommand: Command = {
  name: 'sim',
  summary: 'Run a local Confluence DC or Cloud REST simulator (for trying the flow, tests, demos)',
  usage: USAGE,
  async run(argv: readonly string[], io: CliIo): Promise<number> {
    const args = parseArgs(argv, {
      values: ['--flavor', '--port', '--data', '--space', '--context-path', '--max-limit', '--rate-limit', '--fault-seed', '--error-rate', '--error-status', '--reset-rate', '--lost-rate', '--slow-rate', '--slow-ms'],
      booleans: ['--no-anonymous'],
    });
    if (args.positional.length > 0) throw new UsageError(`unexpected argument '${args.positional[0]}'`);
    if (!args.values.has('--flavor')) throw new UsageError('--flavor is required');
    const flavor = choice(args, '--flavor', ['dc', 'cloud'] as const, 'dc');
    const faults: FaultOptions = {
      seed: number('--fault-seed', lastValue(args, '--fault-seed'), 0, 2 ** 32 - 1),
      errorRate: number('--error-rate', lastValue(args, '--error-rate'), 0, 1),
      errorStatuses: (args.values.get('--error-status') ?? []).map((v) => {
        if (!['500', '501', '502', '503'].includes(v)) throw new UsageError('--error-status must be 500, 501, 502 or 503');
        return Number(v) as 500 | 501 | 502 | 503;
      }),
      resetRate: number('--reset-rate', lastValue(args, '--reset-rate'), 0, 1),
      lostRate: number('--lost-rate', lastValue(args, '--lost-rate'), 0, 1),
      slowRate: number('--slow-rate', lastValue(args, '--slow-rate'), 0, 1),
      slowMs: number('--slow-ms', lastValue(args, '--slow-ms'), 0, 600_000),
    };
    const anyFault = [faults.errorRate, faults.resetRate, faults.lostRate, faults.slowRate].some((v) => v !== undefined && v > 0);
    if ((faults.errorRate ?? 0) + (faults.resetRate ?? 0) + (faults.lostRate ?? 0) > 1) throw new UsageError('--error-rate + --reset-rate + --lost-rate must not exceed 1');
    const data = lastValue(args, '--data');
    let seed = DEMO_SEED;
    let skipped: Record<string, number> = {};
    if (data !== undefined) {
      const loaded = await loadSeed(path.resolve(io.cwd, data), lastValue(args, '--space'));
      seed = loaded.seed;
      skipped = loaded.skipped;
    }
    const sim = await startSimulator({
      flavor,
      port: number('--port', lastValue(args, '--port'), 0, 65535),
      contextPath: lastValue(args, '--context-path'),
      maxLimit: number('--max-limit', lastValue(args, '--max-limit'), 1, 10_000),
      anonymousAccess: !args.booleans.has('--no-anonymous'),
      ...rateSpec(flavor, lastValue(args, '--rate-limit')),
      faults: anyFault ? faults : undefined,
      seed,
    });
    const { store } = sim.state;
    const lines =
      flavor === 'dc'
        ? [
            'Confluence Data Center simulator',
            `base URL:   ${sim.baseUrl}`,
            `REST API:   ${sim.baseUrl}/rest/api`,
            `Basic auth: ${DEFAULT_DC_USERS[0].username} / ${DEFAULT_DC_USERS[0].password}`,
            `PAT:        ${DEFAULT_DC_USERS[0].tokens?.[0]}  (Authorization: Bearer <PAT>)`,
          ]
        : [
            'Confluence Cloud simulator',
            `base URL:   ${sim.baseUrl}`,
            `REST API:   ${sim.baseUrl}/wiki/api/v2 (v2), ${sim.baseUrl}/wiki/rest/api (v1)`,
            `Basic auth: ${DEFAULT_CLOUD_USERS[0].email} / ${DEFAULT_CLOUD_USERS[0].apiToken}  (email / API token)`,
          ];
    lines.push(`seeded:     ${store.pages.size} pages in ${store.spaces.size} spaces (${[...store.spaces.keys()].join(', ')})`);
    const skippedText = Object.entries(skipped).map(([why, n]) => `${n} ${why}`).join(', ');
    if (skippedText) lines.push(`skipped:    ${skippedText}`);
    lines.push('Press Ctrl+C to stop.');
    io.stdout.write(`${lines.join('\n')}\n`);

    await new Promise<void>((resolve) => {
      const stop = () => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        resolve();
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    await sim.close();
    const s = sim.state.stats;
    io.stdout.write(`stopped after ${s.requests} requests (${s.rateLimited} rate-limited, ${s.writes} writes)\n`);
    return 0;
  },
};
