/**
 * The simulator's HTTP server (node:http on loopback). Each request goes through, in order:
 * statistics → authentication → rate limiting → fault injection → the flavor's router.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { authenticateCloud, authenticateDc } from './auth';
import { cloudV1Router, cloudV2Router } from './cloud-api';
import type { SimContext } from './context';
import { dcRouter } from './dc-api';
import { FaultInjector } from './faults';
import { readBody, restError, v2Error, writeResponse, type SimRequest, type SimResponse } from './http';
import { DEFAULT_CLOUD_USERS, DEFAULT_DC_USERS, type SimStats, type SimulatorOptions } from './options';
import { CloudRateLimiter, DcRateLimiter } from './rate-limit';
import type { Router } from './router';
import { Store } from './store';

// Largest request body read (bigger ones are counted, not kept; POST /pages answers 413 past 5 MB).
const MAX_BODY_BYTES = 32 * 1024 * 1024;

/** One request as the simulator saw it (only with `recordRequests`). */
export interface SimLogEntry {
  /** Clock value on answering. */
  at: number;
  method: string;
  /** Path and query as sent. */
  url: string;
  /** The status answered, or how the connection ended without one. */
  outcome: number | 'reset' | 'lost';
}

export interface SimState {
  readonly store: Store;
  readonly stats: SimStats;
  /** Every request in order, when `recordRequests` is on (else empty). */
  readonly log: SimLogEntry[];
  readonly options: Readonly<SimulatorOptions>;
}

export interface RunningSimulator {
  /** DC: `http://127.0.0.1:PORT[/context]`; Cloud: the site root `http://127.0.0.1:PORT` (APIs under /wiki). */
  readonly baseUrl: string;
  readonly port: number;
  readonly state: SimState;
  close(): Promise<void>;
}

function newStats(now: number): SimStats {
  return { requests: 0, byStatus: {}, rateLimited: 0, admitted: 0, faults: { errors: 0, resets: 0, lost: 0, slow: 0 }, writes: 0, startedAt: now };
}

/** Starts a simulator; resolves once it listens. */
export async function startSimulator(options: SimulatorOptions): Promise<RunningSimulator> {
  const clock = options.clock ?? Date.now;
  // Fixed, printed credentials: never listen beyond this machine.
  if (options.host !== undefined && !['127.0.0.1', '::1', 'localhost'].includes(options.host)) {
    throw new Error(`the simulator listens on loopback only, not on '${options.host}'`);
  }
  const flavor = options.flavor;
  const contextPath = flavor === 'dc' ? (options.contextPath ?? '').replace(/\/+$/, '') : '';
  if (contextPath !== '' && !/^\/[A-Za-z0-9._~/-]+$/.test(contextPath)) throw new Error(`bad context path '${contextPath}'`);
  const store = new Store(flavor, clock);
  if (options.seed) store.load(options.seed);
  const stats = newStats(clock());
  const ctx: SimContext = {
    store,
    flavor,
    maxLimit: options.maxLimit ?? (flavor === 'dc' ? 100 : 250),
    contextPath,
    staleReadsAfterCreate: options.staleReadsAfterCreate ?? 0,
    recordWrite: () => {
      stats.writes++;
    },
  };
  const dcUsers = options.dcUsers ?? DEFAULT_DC_USERS;
  const cloudUsers = options.cloudUsers ?? DEFAULT_CLOUD_USERS;
  const dcLimiter = flavor === 'dc' && options.dcRateLimit ? new DcRateLimiter(options.dcRateLimit, clock) : undefined;
  const cloudLimiter = flavor === 'cloud' && options.cloudRateLimit ? new CloudRateLimiter(options.cloudRateLimit, clock) : undefined;
  const faults = options.faults ? new FaultInjector(options.faults) : undefined;
  const log: SimLogEntry[] | undefined = options.recordRequests ? [] : undefined;
  const dc = flavor === 'dc' ? dcRouter(ctx) : undefined;
  const routers: { prefix: string; router: Router; strip: boolean; v2: boolean }[] =
    dc
      ? [
          // `/rest/api/latest` is an alias of `/rest/api`.
          { prefix: `${contextPath}/rest/api/latest`, router: dc, strip: true, v2: false },
          { prefix: `${contextPath}/rest/api`, router: dc, strip: true, v2: false },
        ]
      : [
          { prefix: '/wiki/api/v2', router: cloudV2Router(ctx), strip: true, v2: true },
          { prefix: '/wiki/rest/api', router: cloudV1Router(ctx), strip: false, v2: false },
        ];
  const downloadPrefix = flavor === 'dc' ? `${contextPath}/download/attachments/` : '/wiki/download/attachments/';

  const server = http.createServer((req, res) => {
    stats.requests++;
    // Decide the fault now, in arrival order, so a seed gives the same faults every run.
    const fault = faults?.decide(req.method ?? 'GET');
    const note = (outcome: SimLogEntry['outcome']) => {
      if (log) log.push({ at: clock(), method: req.method ?? 'GET', url: req.url ?? '/', outcome });
    };
    const finish = (r: SimResponse, extra: Record<string, string>) => {
      stats.byStatus[r.status] = (stats.byStatus[r.status] ?? 0) + 1;
      note(r.status);
      writeResponse(res, { ...r, headers: { ...extra, ...(r.headers ?? {}) } });
    };
    readBody(req, MAX_BODY_BYTES).then(
      async (rawBody) => {
        const url = new URL(req.url ?? '/', 'http://sim');
        const path = url.pathname;
        const method = req.method ?? 'GET';
        const api = routers.find((a) => path === a.prefix || path.startsWith(`${a.prefix}/`));
        const isDownload = path.startsWith(downloadPrefix);
        const isV2 = api?.v2 === true;
        const errorOf = (status: number, message: string, code: string) => (isV2 ? v2Error(status, code, message) : restError(status, message));
        if (!api && !isDownload) return finish({ status: 404, body: 'Not Found' }, {});

        const auth =
          flavor === 'dc'
            ? authenticateDc(req.headers.authorization, dcUsers, { anonymousAccess: options.anonymousAccess ?? true, invalidPatIsAnonymous: options.invalidPatIsAnonymous ?? true })
            : authenticateCloud(req.headers.authorization, cloudUsers);
        if (!auth.ok) {
          const headers: Record<string, string> = flavor === 'dc' ? { 'X-Seraph-LoginReason': 'AUTHENTICATED_FAILED', 'WWW-Authenticate': 'Basic realm="Confluence"' } : {};
          return finish(errorOf(401, auth.reason, 'UNAUTHORIZED'), headers);
        }
        const principal = auth.principal;

        const decision = dcLimiter
          ? dcLimiter.check(principal.kind === 'user' ? principal.name : undefined, req.headers.accept)
          : cloudLimiter?.check(isV2);
        const rateHeaders = decision?.headers ?? {};
        if (decision?.refusal) {
          stats.rateLimited++;
          return finish(decision.refusal, rateHeaders);
        }
        stats.admitted++;

        if (fault && fault.delayMs > 0) {
          stats.faults.slow++;
          await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
        }
        if (fault?.kind === 'reset') {
          stats.faults.resets++;
          note('reset');
          req.socket.destroy();
          return undefined;
        }
        if (fault?.kind === 'error') {
          stats.faults.errors++;
          return finish(faultAnswer(fault.status ?? 500, path, errorOf), rateHeaders);
        }

        const simReq: SimRequest = {
          method,
          path: api && api.strip ? path.slice(api.prefix.length) || '/' : path,
          query: url.searchParams,
          headers: req.headers,
          rawBody,
          principal,
          origin: `http://${req.headers.host ?? 'localhost'}`,
        };
        let answer: SimResponse;
        if (isDownload) answer = download(ctx, simReq, path.slice(downloadPrefix.length));
        else {
          const found = (api as (typeof routers)[number]).router.match(method, simReq.path);
          if (found === undefined) answer = errorOf(404, `No API at ${path}`, 'NOT_FOUND');
          else if (found === 'method-not-allowed') answer = { status: 405, headers: { 'Content-Type': 'text/plain' }, body: 'Method Not Allowed' };
          else answer = await found.handler(simReq, found.params);
        }
        if (fault?.kind === 'lost') {
          // The write happened; the answer never arrives.
          stats.faults.lost++;
          note('lost');
          req.socket.destroy();
          return undefined;
        }
        return finish(answer, rateHeaders);
      },
    ).catch((e: unknown) => {
      if (!res.headersSent) finish(restError(500, `simulator error: ${(e as Error).message}`), {});
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = options.host ?? '127.0.0.1';
  return {
    baseUrl: `http://${host}:${port}${contextPath}`,
    port,
    state: { store, stats, options, log: log ?? [] },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function faultAnswer(status: number, path: string, errorOf: (status: number, message: string, code: string) => SimResponse): SimResponse {
  if (status === 500) return errorOf(500, 'Internal Server Error', 'INTERNAL_SERVER_ERROR');
  if (status === 501) {
    // DC's reconciliation fault (CONFSERVER-69310), RestError with the content id.
    const id = /\/content\/(\d+)/.exec(path)?.[1] ?? '0';
    return restError(501, `Unable to save changes to unreconciled page ContentId{id=${id}}. Refreshing the page should fix this.`);
  }
  // 502/503 come from the proxy in front of Confluence: an HTML page, not JSON.
  return { status, headers: { 'Content-Type': 'text/html;charset=UTF-8' }, body: `<html><body><h1>${status}</h1></body></html>` };
}

function download(ctx: SimContext, req: SimRequest, rest: string): SimResponse {
  const [pageId, ...nameParts] = rest.split('/');
  const page = ctx.store.pages.get(pageId);
  const name = decodeURIComponent(nameParts.join('/'));
  const att = page?.attachments.find((a) => a.title === name);
  if (!page || !att || (req.principal.kind === 'anonymous' && !ctx.store.spaces.get(page.spaceKey)?.anonymousRead)) {
    return { status: 404, body: 'Not Found' };
  }
  return { status: 200, headers: { 'Content-Type': att.mediaType }, body: att.data };
}
