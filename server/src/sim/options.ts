/** Options, seed data and statistics of the Confluence simulator. */

export type SimFlavor = 'dc' | 'cloud';

/** A body representation the simulator stores. */
export type SimRepresentation = 'storage' | 'atlas_doc_format';

/** One page to load at start-up (from a folder, an export, or code). */
export interface SeedPage {
  /** Keep this id (Cloud keeps only ids ≥ 2^32 and renumbers smaller ones). Allocated when absent. */
  id?: string;
  title: string;
  spaceKey: string;
  /** Parent by title in the same space (resolved after all pages are loaded). */
  parentTitle?: string;
  /** Parent by seed or simulator id. */
  parentId?: string;
  /** Body text in `representation` (ADF as its JSON text). */
  body: string;
  representation: SimRepresentation;
  attachments?: SeedAttachment[];
  /** Cloud page properties, e.g. `{ editor: 'v2' }`. */
  properties?: Record<string, unknown>;
}

export interface SeedAttachment {
  fileName: string;
  mediaType?: string;
  data: Uint8Array;
  comment?: string;
}

export interface SeedSpace {
  key: string;
  name?: string;
  /** Readable by anonymous users (DC only; anonymous access must be enabled). */
  anonymousRead?: boolean;
}

export interface SeedData {
  spaces?: SeedSpace[];
  pages: SeedPage[];
}

/** DC: username + password (Basic) and optional personal access tokens (Bearer). */
export interface DcUser {
  username: string;
  password: string;
  displayName?: string;
  tokens?: string[];
}

/** Cloud: email + API token (Basic). */
export interface CloudUser {
  email: string;
  apiToken: string;
  displayName?: string;
  accountId?: string;
}

/** DC rate limiting: a per-user token bucket, as configured in General Configuration. */
export interface DcRateLimit {
  /** Max requests = bucket capacity (X-RateLimit-Limit). */
  capacity: number;
  /** Requests allowed per interval (X-RateLimit-FillRate). */
  fillRate: number;
  /** Interval in seconds (X-RateLimit-Interval-Seconds). */
  intervalSeconds: number;
}

/** Cloud burst limiting: one token bucket per tenant. */
export interface CloudRateLimit {
  /** Sustained requests per second. */
  ratePerSecond: number;
  /** Bucket capacity (X-RateLimit-Limit). */
  burst: number;
}

/**
 * Fault injection. Every request, in arrival order, draws three values from a PRNG seeded with
 * `seed` (also when `methods` excludes it, so the sequence never shifts): the first decides
 * error / reset / lost (consecutive ranges of the given rates), the second slowness, the third
 * which error status.
 */
export interface FaultOptions {
  seed?: number;
  /** Fraction answered with one of `errorStatuses` (write not applied). */
  errorRate?: number;
  /** Default 500, 502, 503. 501 is DC's "unreconciled page" fault (rest-apis.md §1.6). */
  errorStatuses?: readonly (500 | 501 | 502 | 503)[];
  /** Fraction whose socket is destroyed before anything is done. */
  resetRate?: number;
  /** Fraction whose write is applied, then the socket destroyed without an answer. */
  lostRate?: number;
  /** Fraction delayed by `slowMs` before being handled. */
  slowRate?: number;
  slowMs?: number;
  /** Only these methods get faults (default: all). */
  methods?: readonly string[];
}

export interface SimulatorOptions {
  flavor: SimFlavor;
  /** 0 (default) picks a free port. */
  port?: number;
  /** 127.0.0.1 (default), ::1 or localhost; anything else is refused. */
  host?: string;
  /** DC context path such as `/confluence` (default none). */
  contextPath?: string;
  dcUsers?: DcUser[];
  cloudUsers?: CloudUser[];
  /** DC: anonymous access enabled (default true). Invalid PATs then run as anonymous (CONFSERVER-98199). */
  anonymousAccess?: boolean;
  /** DC: invalid PAT silently anonymous when anonymous access is on (default true, the real bug). */
  invalidPatIsAnonymous?: boolean;
  /** Largest page size served; bigger requested limits are capped (DC default 100, Cloud 250). */
  maxLimit?: number;
  dcRateLimit?: DcRateLimit;
  cloudRateLimit?: CloudRateLimit;
  faults?: FaultOptions;
  /**
   * Cloud: a page created through the API answers 404 to this many reads by id before it
   * shows up (eventual consistency, rest-apis.md §2.3). Default 0.
   */
  staleReadsAfterCreate?: number;
  seed?: SeedData;
  /** Keep `state.log`, one entry per request (off by default: it grows without bound). */
  recordRequests?: boolean;
  /** Milliseconds clock for rate limiting and timestamps (tests advance a fake one). */
  clock?: () => number;
}

/** Counters a test or benchmark reads from `state.stats`. */
export interface SimStats {
  /** Every request received, including faulted and rate-limited ones. */
  requests: number;
  /** Answers by status code. */
  byStatus: Record<number, number>;
  /** 429 answers. */
  rateLimited: number;
  /** Requests that passed the rate limiter. */
  admitted: number;
  faults: { errors: number; resets: number; lost: number; slow: number };
  /** Writes applied (create, update, upload, property change). */
  writes: number;
  /** Clock value when the simulator started, for achieved-rate figures. */
  startedAt: number;
}

/** The default accounts (documented in the CLI output). */
export const DEFAULT_DC_USERS: readonly DcUser[] = [
  { username: 'admin', password: 'admin', displayName: 'Admin', tokens: ['sim-pat-admin'] },
];
export const DEFAULT_CLOUD_USERS: readonly CloudUser[] = [
  { email: 'admin@example.com', apiToken: 'sim-api-token', displayName: 'Admin', accountId: '557058:sim-admin' },
];
