import { CloudClient, CloudClientOptions, DcClient, DcClientOptions, LogLevel, RestLogger } from '../../../server/src/rest';
import { FakeClock } from './fake-clock';

export const PAT = 'pat-NjQ4MzE2OTk5NTM3OkSECRETSECRET';
export const CLOUD_TOKEN = 'ATATT3xFfGF0-cloud-secret-token';
export const CLOUD_EMAIL = 'dev@example.com';

/** Collects every log line (message plus fields) for leak checks. */
export class SinkLogger implements RestLogger {
  readonly lines: string[] = [];
  log(level: LogLevel, message: string, fields?: Record<string, unknown>): void {
    this.lines.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`);
  }
}

/** A DC client on a fake clock with deterministic jitter. */
export function dcClient(baseUrl: string, extra: Partial<DcClientOptions> = {}): { client: DcClient; clock: FakeClock; logger: SinkLogger } {
  const clock = (extra.clock as FakeClock | undefined) ?? new FakeClock();
  const logger = new SinkLogger();
  const client = new DcClient({ baseUrl, credentials: { kind: 'dc-pat', token: PAT }, clock, random: () => 0.5, logger, ...extra, limits: { random: () => 0.5, ...extra.limits, clock } });
  return { client, clock, logger };
}

/** A Cloud client on a fake clock with deterministic jitter. */
export function cloudClient(baseUrl: string, extra: Partial<CloudClientOptions> = {}): { client: CloudClient; clock: FakeClock; logger: SinkLogger } {
  const clock = (extra.clock as FakeClock | undefined) ?? new FakeClock();
  const logger = new SinkLogger();
  const client = new CloudClient({ baseUrl, credentials: { kind: 'cloud-token', email: CLOUD_EMAIL, apiToken: CLOUD_TOKEN }, clock, random: () => 0.5, logger, ...extra, limits: { random: () => 0.5, ...extra.limits, clock } });
  return { client, clock, logger };
}
