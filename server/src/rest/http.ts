import { AbortError, AuthError, ConflictError, HttpError, NetworkError, NotFoundError, RateLimitError, RequestInfo, RestError, parseConflictVersions, serverMessageOf } from './errors';
import { Clock, throwIfAborted } from './clock';
import { Credentials, authorizationHeader, secretsOf } from './credentials';
import { LimiterOptions, RateLimiter } from './limiter';
import { RestLogger, redactingLogger, redactor, silentLogger } from './redact';
import { readRateSignal } from './rate-headers';
import { FetchLike, sendFollowingRedirects } from './transport';

/** Retry and timeout options. */
export interface RetryOptions {
  /** Retries after 500/502/503/504, resets and timeouts (default 4, i.e. 5 attempts). */
  maxRetries?: number;
  /** Retries after 429 (or 503 with Retry-After) (default 8). */
  maxRateLimitRetries?: number;
  /** First backoff step; doubles per retry (default 500 ms). */
  baseDelayMs?: number;
  /** Cap of one backoff step (default 30 s). */
  maxDelayMs?: number;
  /** A server asking for a longer wait than this fails at once with RateLimitError (default 10 min). */
  maxRetryAfterMs?: number;
  /** Per-attempt timeout, counted as a retryable network fault (default 60 s). */
  timeoutMs?: number;
}

/** Options shared by the DC and Cloud clients. */
export interface HttpOptions {
  /** Site URL; DC may include a context path (`https://host/confluence`). */
  baseUrl: string;
  credentials: Credentials;
  logger?: RestLogger;
  /** Share one limiter between clients of the same site; otherwise one is made from `limits`. */
  limiter?: RateLimiter;
  limits?: LimiterOptions;
  retry?: RetryOptions;
  /** Defaults to the limiter's clock. */
  clock?: Clock;
  random?: () => number;
  fetch?: FetchLike;
  userAgent?: string;
}

/** One request. `path` is API-relative (`/rest/api/content`) or an absolute URL from paging. */
export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  json?: unknown;
  raw?: { body: Uint8Array; contentType: string };
  headers?: Record<string, string>;
  /** `bytes` returns the body as-is (attachment downloads). */
  accept?: 'json' | 'bytes';
  signal?: AbortSignal;
  /**
   * Whether a 5xx or network fault is retried here. Writes pass false: a lost response may mean
   * the write was applied, so the caller decides (see write-recovery.ts). 429 is always retried.
   */
  retryAmbiguous?: boolean;
  /** Attempts already spent by the caller, for error messages. */
  priorAttempts?: number;
}

/** A successful response. */
export interface HttpResponse<T> {
  status: number;
  headers: Headers;
  data: T;
}

/** Statuses that are retried with backoff (they mean "not now", not "never"). */
export const RETRY_STATUSES: ReadonlySet<number> = new Set([500, 502, 503, 504]);

/** True when an error leaves open whether a write reached the server and was applied. */
export function isAmbiguous(err: unknown): boolean {
  return err instanceof NetworkError || (err instanceof HttpError && RETRY_STATUSES.has(err.status) && !(err instanceof RateLimitError));
}

type Outcome = { kind: 'response'; response: Response; problem?: string } | { kind: 'network'; code: string };

/**
 * The transport core shared by DcClient and CloudClient: credentials, redirects, the shared
 * limiter, retries with backoff, typed errors and redaction.
 */
export class RestHttp {
  readonly origin: string;
  /** Path prefix every API path is appended to (DC context path, `/wiki` on Cloud). */
  readonly contextPath: string;
  readonly limiter: RateLimiter;
  readonly clock: Clock;
  readonly logger: RestLogger;
  readonly redact: (text: string) => string;
  private readonly authorization: string;
  private readonly fetchImpl: FetchLike;
  private readonly random: () => number;
  private readonly retry: Required<RetryOptions>;
  private readonly userAgent: string;

  constructor(options: HttpOptions, contextSuffix = '') {
    const base = new URL(options.baseUrl);
    if (base.username || base.password) throw new Error('The base URL must not contain credentials; pass them as credentials');
    if (base.protocol !== 'https:' && base.protocol !== 'http:') throw new Error(`Unsupported base URL scheme ${base.protocol}`);
    this.origin = base.origin;
    this.contextPath = base.pathname.replace(/\/+$/, '') + contextSuffix;
    this.authorization = authorizationHeader(options.credentials);
    const secrets = secretsOf(options.credentials);
    this.redact = redactor(secrets);
    this.logger = redactingLogger(options.logger ?? silentLogger, secrets);
    this.limiter = options.limiter ?? new RateLimiter({ clock: options.clock, random: options.random, ...options.limits });
    this.clock = options.clock ?? this.limiter.clock;
    this.random = options.random ?? Math.random;
    this.fetchImpl = options.fetch ?? ((url, init) => fetch(url, init));
    this.userAgent = options.userAgent ?? 'confluence-triage';
    const r = options.retry ?? {};
    this.retry = {
      maxRetries: r.maxRetries ?? 4,
      maxRateLimitRetries: r.maxRateLimitRetries ?? 8,
      baseDelayMs: r.baseDelayMs ?? 500,
      maxDelayMs: r.maxDelayMs ?? 30_000,
      maxRetryAfterMs: r.maxRetryAfterMs ?? 600_000,
      timeoutMs: r.timeoutMs ?? 60_000,
    };
  }

  /** Retries allowed for 5xx/network faults. */
  get maxRetries(): number {
    return this.retry.maxRetries;
  }

  /** Exponential backoff with equal jitter for retry number `n` (1-based). */
  backoffMs(n: number): number {
    const step = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (n - 1));
    return step / 2 + this.random() * (step / 2);
  }

  /** Resolves an API path, or a paging link (absolute, origin- or context-relative), to a URL. */
  resolve(pathOrLink: string): URL {
    if (/^https?:\/\//i.test(pathOrLink)) {
      const url = new URL(pathOrLink);
      if (url.origin !== this.origin) throw new Error(`Refusing to follow a link to another origin (${url.origin})`);
      return url;
    }
    const ctx = this.contextPath;
    const path = ctx !== '' && (pathOrLink === ctx || pathOrLink.startsWith(`${ctx}/`)) ? pathOrLink : ctx + pathOrLink;
    return new URL(path, this.origin);
  }

  /** Sends a request with limiter, retries and error mapping. */
  async request<T>(req: HttpRequest): Promise<HttpResponse<T>> {
    const url = this.resolve(req.path);
    for (const [k, v] of Object.entries(req.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    const info: RequestInfo = { method: req.method, url: this.redact(url.origin + url.pathname) };
    const headers: Record<string, string> = {
      accept: req.accept === 'bytes' ? '*/*' : 'application/json',
      'user-agent': this.userAgent,
    };
    let body: Uint8Array | string | undefined;
    if (req.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(req.json);
    } else if (req.raw) {
      headers['content-type'] = req.raw.contentType;
      body = req.raw.body;
    }
    for (const [k, v] of Object.entries(req.headers ?? {})) if (k.toLowerCase() !== 'authorization') headers[k.toLowerCase()] = v;

    const retryAmbiguous = req.retryAmbiguous ?? req.method === 'GET';
    let faults = req.priorAttempts ?? 0;
    let limited = 0;
    for (;;) {
      throwIfAborted(req.signal);
      const release = await this.limiter.acquire(req.signal);
      let outcome: Outcome;
      let bytes: Uint8Array | undefined;
      const started = this.clock.now();
      try {
        ({ outcome, bytes } = await this.attempt(req.method, url, headers, body, req.signal));
      } finally {
        release();
      }
      if (outcome.kind === 'network') {
        faults++;
        this.logger.log('warn', `${req.method} ${info.url}: network error ${outcome.code}`, { attempt: faults });
        if (!retryAmbiguous || faults > this.retry.maxRetries) throw new NetworkError(outcome.code, info, faults);
        await this.clock.sleep(this.backoffMs(faults), req.signal);
        continue;
      }
      const { response } = outcome;
      const status = response.status;
      this.limiter.observe(response.headers);
      this.logger.log('debug', `${req.method} ${info.url} -> ${status}`, { ms: this.clock.now() - started });
      if (outcome.problem) throw new HttpError(status, outcome.problem, info);
      if (status >= 200 && status < 300) return { status, headers: response.headers, data: this.parse<T>(bytes!, req, info, status) };

      const message = this.redact(serverMessageOf(new TextDecoder().decode(bytes)));
      const rate = readRateSignal(response.headers, this.clock.now(), this.limiter.lowRemainingRatio);
      if (status === 429 || (status === 503 && rate.waitMs !== undefined)) {
        limited++;
        const wait = rate.waitMs ?? this.backoffMs(limited);
        if (limited > this.retry.maxRateLimitRetries || wait > this.retry.maxRetryAfterMs) {
          throw new RateLimitError(status, message, info, rate.waitMs, limited);
        }
        this.logger.log('warn', `${req.method} ${info.url}: rate limited (${status}); pausing all requests`, { waitMs: Math.round(wait), attempt: limited });
        this.limiter.pauseFor(wait);
        continue;
      }
      if (RETRY_STATUSES.has(status)) {
        faults++;
        this.logger.log('warn', `${req.method} ${info.url}: server error ${status}`, { attempt: faults });
        if (!retryAmbiguous || faults > this.retry.maxRetries) {
          throw new HttpError(status, message, info, faults > 1 ? `gave up after ${faults} attempts` : undefined);
        }
        await this.clock.sleep(this.backoffMs(faults), req.signal);
        continue;
      }
      throw this.errorFor(status, message, info);
    }
  }

  private errorFor(status: number, message: string, info: RequestInfo): RestError {
    if (status === 401) return new AuthError(401, 'unauthorized', message, info);
    if (status === 403) return new AuthError(403, 'forbidden', message, info);
    if (status === 404) return new NotFoundError(404, message, info);
    if (status === 409) {
      const v = parseConflictVersions(message);
      return new ConflictError(message, info, v.current, v.provided);
    }
    return new HttpError(status, message, info);
  }

  private parse<T>(bytes: Uint8Array, req: HttpRequest, info: RequestInfo, status: number): T {
    if (req.accept === 'bytes') return bytes as T;
    const text = new TextDecoder().decode(bytes);
    if (text.trim() === '') return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new HttpError(status, 'the response is not JSON', info);
    }
  }

  private async attempt(
    method: string, url: URL, headers: Record<string, string>, body: Uint8Array | string | undefined, signal?: AbortSignal,
  ): Promise<{ outcome: Outcome; bytes?: Uint8Array }> {
    const timeout = AbortSignal.timeout(this.retry.timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    try {
      const wire = await sendFollowingRedirects(this.fetchImpl, { method, url, headers, body, signal: combined }, this.origin, this.authorization);
      if (wire.redirectProblem) return { outcome: { kind: 'response', response: wire.response, problem: wire.redirectProblem } };
      const bytes = new Uint8Array(await wire.response.arrayBuffer());
      return { outcome: { kind: 'response', response: wire.response }, bytes };
    } catch (err) {
      if (signal?.aborted) throw new AbortError();
      if (timeout.aborted) return { outcome: { kind: 'network', code: 'TIMEOUT' } };
      return { outcome: { kind: 'network', code: networkCode(err) } };
    }
  }
}

/** The most specific error code in a fetch failure (undici nests the socket error as `cause`). */
function networkCode(err: unknown): string {
  let e: unknown = err;
  for (let depth = 0; depth < 4 && e && typeof e === 'object'; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code !== '') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return 'FETCH_FAILED';
}
