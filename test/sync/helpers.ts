// Two simulators on loopback (DC source, Cloud target) seeded with a small space of our own.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { encodeShortCode } from '../../server/src/core/shortlink/codec';
import { CloudClient, DcClient, type RestLogger } from '../../server/src/rest/index';
import { startSimulator, type FaultOptions, type RunningSimulator, type SeedPage, type SimulatorOptions } from '../../server/src/sim/index';

export const DC_TOKEN = 'sim-pat-admin';
export const CLOUD_TOKEN = 'sim-api-token';
export const CLOUD_EMAIL = 'admin@example.com';

/** A 1×1 PNG. */
export const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');

/** The ENG space: a tree with links by title, a short link, an attachment image, and a hostile title. */
export function engPages(extra = 0): SeedPage[] {
  const short = encodeShortCode('1003');
  const pages: SeedPage[] = [
    { id: '1001', title: 'Home', spaceKey: 'ENG', representation: 'storage', body: `<p>Start at <ac:link><ri:page ri:content-title="Runbook" /></ac:link> or <a href="http://dc.example.com/x/${short}">the rota</a>.</p>` },
    { id: '1002', title: 'Runbook', spaceKey: 'ENG', parentId: '1001', representation: 'storage', body: '<p>Diagram:</p><ac:image><ri:attachment ri:filename="diagram.png" /></ac:image><p>See <ac:link><ri:page ri:content-title="Deep page" /></ac:link>.</p>', attachments: [{ fileName: 'diagram.png', mediaType: 'image/png', data: PNG }] },
    { id: '1003', title: 'Rota', spaceKey: 'ENG', parentId: '1001', representation: 'storage', body: '<ac:structured-macro ac:name="info"><ac:rich-text-body><p>On call: <strong>team</strong></p></ac:rich-text-body></ac:structured-macro>' },
    { id: '1004', title: 'Deep page', spaceKey: 'ENG', parentId: '1002', representation: 'storage', body: '<p>Back to <ac:link><ri:page ri:content-title="Home" /></ac:link>.</p>' },
    { id: '1005', title: '../../escape/..\\x', spaceKey: 'ENG', parentId: '1001', representation: 'storage', body: '<p>hostile title</p>' },
    { id: '1006', title: 'runbook', spaceKey: 'ENG', parentId: '1001', representation: 'storage', body: '<p>same name, other case</p>' },
  ];
  for (let i = 0; i < extra; i++) {
    pages.push({ id: String(2000 + i), title: `Note ${i}`, spaceKey: 'ENG', parentId: i < 5 ? '1001' : String(2000 + (i % 5)), representation: 'storage', body: `<p>Note ${i}, next <ac:link><ri:page ri:content-title="Note ${i + 1}" /></ac:link>, home <a href="/x/${encodeShortCode('1001')}">home</a>.</p>` });
  }
  return pages;
}

export interface Pair {
  dc: RunningSimulator;
  cloud: RunningSimulator;
  dcClient(logger?: RestLogger): DcClient;
  cloudClient(logger?: RestLogger): CloudClient;
  close(): Promise<void>;
}

const FAST_RETRY = { baseDelayMs: 5, maxDelayMs: 50, maxRetries: 6, maxRateLimitRetries: 30 };

export async function startPair(options: { extra?: number; dcFaults?: FaultOptions; cloudFaults?: FaultOptions; cloud?: Partial<SimulatorOptions> } = {}): Promise<Pair> {
  const dc = await startSimulator({ flavor: 'dc', seed: { spaces: [{ key: 'ENG', name: 'Engineering' }], pages: engPages(options.extra) }, faults: options.dcFaults });
  const cloud = await startSimulator({ flavor: 'cloud', seed: { spaces: [{ key: 'ENG', name: 'Engineering' }], pages: [] }, faults: options.cloudFaults, ...options.cloud });
  return {
    dc,
    cloud,
    dcClient: (logger) => new DcClient({ baseUrl: dc.baseUrl, credentials: { kind: 'dc-pat', token: DC_TOKEN }, logger, retry: FAST_RETRY, limits: { pauseJitterMs: 5 } }),
    cloudClient: (logger) => new CloudClient({ baseUrl: cloud.baseUrl, credentials: { kind: 'cloud-token', email: CLOUD_EMAIL, apiToken: CLOUD_TOKEN }, logger, retry: FAST_RETRY, limits: { pauseJitterMs: 5, nearLimitIntervalMs: 20 } }),
    close: async () => {
      await dc.close();
      await cloud.close();
    },
  };
}

export function tempDir(name: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `ct-sync-${name}-`));
}

/** Every file under a folder, recursively, relative paths. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...listFiles(full).map((f) => path.join(e.name, f)));
    else out.push(e.name);
  }
  return out.sort();
}
