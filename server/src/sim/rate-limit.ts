/**
 * The two rate-limit models, with the headers each product sends
 * (shared/reference/rest-apis.md §1.9 and §2.9).
 */
import { json, restError, v2Error, type SimResponse } from './http';
import type { CloudRateLimit, DcRateLimit } from './options';
import { TokenBucket } from './token-bucket';

export interface RateDecision {
  /** Headers for every response (also on success). */
  headers: Record<string, string>;
  /** Set when the request is refused. */
  refusal?: SimResponse;
}

/**
 * DC: a bucket per user, `capacity` tokens, `fillRate` tokens every `intervalSeconds`.
 * Only authenticated traffic is limited (the DC feature covers Basic/OAuth/session REST calls).
 */
export class DcRateLimiter {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(
    private readonly cfg: DcRateLimit,
    private readonly now: () => number,
  ) {}

  check(user: string | undefined, accept: string | undefined): RateDecision {
    if (user === undefined) return { headers: {} };
    let bucket = this.buckets.get(user);
    if (!bucket) {
      bucket = new TokenBucket(this.cfg.capacity, this.cfg.fillRate / this.cfg.intervalSeconds, this.now);
      this.buckets.set(user, bucket);
    }
    const ok = bucket.take();
    const headers = {
      'X-RateLimit-Limit': String(this.cfg.capacity),
      'X-RateLimit-Remaining': String(bucket.remaining()),
      'X-RateLimit-Interval-Seconds': String(this.cfg.intervalSeconds),
      'X-RateLimit-FillRate': String(this.cfg.fillRate),
      'Retry-After': String(bucket.secondsUntilToken()),
    };
    if (ok) return { headers };
    // JSON only when the client accepts it; otherwise the servlet error page.
    const refusal = /application\/json/i.test(accept ?? '')
      ? json(429, { message: 'Rate limit exceeded. Please try again later.' })
      : { status: 429, headers: { 'Content-Type': 'text/html;charset=UTF-8' }, body: '<html><head><title>429 Too Many Requests</title></head><body><h1>Too Many Requests</h1></body></html>' };
    return { headers, refusal };
  }
}

/** Cloud burst limiting: one bucket per tenant (the whole simulator). */
export class CloudRateLimiter {
  private readonly bucket: TokenBucket;

  constructor(
    private readonly cfg: CloudRateLimit,
    private readonly now: () => number,
  ) {
    this.bucket = new TokenBucket(cfg.burst, cfg.ratePerSecond, now);
  }

  check(isV2: boolean): RateDecision {
    const ok = this.bucket.take();
    const remaining = this.bucket.remaining();
    const headers: Record<string, string> = {
      'X-RateLimit-Limit': String(this.cfg.burst),
      'X-RateLimit-Remaining': String(remaining),
    };
    if (remaining < this.cfg.burst * 0.2) headers['X-RateLimit-NearLimit'] = 'true';
    if (ok) return { headers };
    const retryAfter = this.bucket.secondsUntilToken();
    headers['Retry-After'] = String(retryAfter);
    headers['X-RateLimit-Reset'] = new Date(this.now() + retryAfter * 1000).toISOString();
    headers['RateLimit-Reason'] = 'confluence-burst-based';
    const refusal = isV2 ? v2Error(429, 'TOO_MANY_REQUESTS', 'Rate limit exceeded') : restError(429, 'Rate limit exceeded');
    return { headers, refusal };
  }
}
