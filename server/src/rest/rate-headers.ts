/** What the rate-limit headers of one response say (DC §1.9 and Cloud §2.9 of rest-apis.md). */
export interface RateSignal {
  /** Server-requested wait in ms (Retry-After and/or X-RateLimit-Reset), if any. */
  waitMs: number | undefined;
  /** True when the server says we are close to the limit. */
  nearLimit: boolean;
  /** True when the response carried any rate-limit header at all. */
  present: boolean;
  /** DC token bucket refill pace, ms per token, when both fill headers are present. */
  msPerToken: number | undefined;
  remaining: number | undefined;
}

/**
 * Parses `Retry-After` (delta-seconds or HTTP date), `X-RateLimit-Reset` (ISO-8601),
 * `X-RateLimit-NearLimit`, `X-RateLimit-Remaining`/`-Limit` and the DC fill-rate headers.
 */
export function readRateSignal(headers: Headers, now: number, lowRemainingRatio: number): RateSignal {
  const retryAfter = parseRetryAfter(headers.get('retry-after'), now);
  const reset = parseReset(headers.get('x-ratelimit-reset'), now);
  const waits = [retryAfter, reset].filter((x): x is number => x !== undefined);
  const remaining = intHeader(headers, 'x-ratelimit-remaining');
  const limit = intHeader(headers, 'x-ratelimit-limit');
  const fillRate = intHeader(headers, 'x-ratelimit-fillrate');
  const intervalSeconds = intHeader(headers, 'x-ratelimit-interval-seconds');
  const flagged = (headers.get('x-ratelimit-nearlimit') ?? '').trim().toLowerCase() === 'true';
  const low = remaining !== undefined && limit !== undefined && limit > 0 && remaining / limit < lowRemainingRatio;
  return {
    waitMs: waits.length > 0 ? Math.max(...waits) : undefined,
    nearLimit: flagged || low,
    present: headers.has('x-ratelimit-nearlimit') || remaining !== undefined || headers.has('retry-after'),
    msPerToken: fillRate && intervalSeconds ? (intervalSeconds * 1000) / fillRate : undefined,
    remaining,
  };
}

/** `Retry-After`: delta-seconds or an HTTP date; undefined when absent or unparsable. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** `X-RateLimit-Reset`: an ISO-8601 instant such as `2026-01-02T03:04Z`. */
export function parseReset(value: string | null, now: number): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const at = Date.parse(value.trim());
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function intHeader(headers: Headers, name: string): number | undefined {
  const v = headers.get(name);
  if (v === null || !/^\s*-?\d+\s*$/.test(v)) return undefined;
  return Number(v);
}
