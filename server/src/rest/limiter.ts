import { AbortError } from './errors';
import { Clock, systemClock } from './clock';
import { readRateSignal } from './rate-headers';

/** Options of the shared {@link RateLimiter}. */
export interface LimiterOptions {
  /** Requests in flight at once (default 4). */
  maxConcurrency?: number;
  /** Optional cap on request starts per second. */
  requestsPerSecond?: number;
  /** Spacing between request starts while the server says we are near the limit (default 500 ms). */
  nearLimitIntervalMs?: number;
  /** How long one near-limit signal keeps us slow unless a healthy response clears it (default 10 s). */
  nearLimitHoldMs?: number;
  /** Remaining/limit below this ratio counts as near the limit (default 0.2, as Cloud's NearLimit). */
  lowRemainingRatio?: number;
  /** Upper bound of the random extra wait each request adds when a pause ends (default 250 ms). */
  pauseJitterMs?: number;
  clock?: Clock;
  /** Random source in [0,1), injectable for deterministic tests. */
  random?: () => number;
}

interface Waiter {
  grant: () => void;
}

/**
 * One instance is shared by every request of a client (or several clients of the same site):
 * a 429 seen by any request pauses all of them, near-limit signals slow all of them, and the
 * concurrency and requests-per-second caps are global.
 */
export class RateLimiter {
  readonly clock: Clock;
  private readonly maxConcurrency: number;
  private readonly minIntervalMs: number;
  private readonly nearLimitIntervalMs: number;
  private readonly nearLimitHoldMs: number;
  readonly lowRemainingRatio: number;
  private readonly pauseJitterMs: number;
  private readonly random: () => number;
  private active = 0;
  private readonly queue: Waiter[] = [];
  private pausedUntil = 0;
  private nextStartAt = 0;
  private lastStartAt = 0;
  private slowUntil = 0;
  private slowIntervalMs = 0;

  constructor(options: LimiterOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.maxConcurrency = Math.max(1, options.maxConcurrency ?? 4);
    this.minIntervalMs = options.requestsPerSecond ? 1000 / options.requestsPerSecond : 0;
    this.nearLimitIntervalMs = options.nearLimitIntervalMs ?? 500;
    this.nearLimitHoldMs = options.nearLimitHoldMs ?? 10_000;
    this.lowRemainingRatio = options.lowRemainingRatio ?? 0.2;
    this.pauseJitterMs = options.pauseJitterMs ?? 250;
    this.random = options.random ?? Math.random;
  }

  /** Epoch ms until which every request waits (0 when not paused). */
  get pausedUntilMs(): number {
    return this.pausedUntil;
  }

  /** True while requests are spaced out because the server signalled we are near its limit. */
  get slowedDown(): boolean {
    return this.clock.now() < this.slowUntil;
  }

  /** Pauses every request sharing this limiter for at least `ms`. */
  pauseFor(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.clock.now() + ms);
  }

  /** Feeds one response's rate-limit headers into the shared state. */
  observe(headers: Headers): void {
    const now = this.clock.now();
    const signal = readRateSignal(headers, now, this.lowRemainingRatio);
    if (signal.nearLimit) {
      this.slowUntil = now + this.nearLimitHoldMs;
      this.slowIntervalMs = Math.max(this.nearLimitIntervalMs, signal.msPerToken ?? 0);
      // The very next request already keeps its distance.
      this.nextStartAt = Math.max(this.nextStartAt, this.lastStartAt + this.slowIntervalMs);
    } else if (signal.present && this.slowUntil !== 0) {
      this.slowUntil = 0;
      this.nextStartAt = Math.min(this.nextStartAt, this.lastStartAt + this.minIntervalMs);
    }
    // DC sends Retry-After on successful responses too: 0 while tokens remain, else the wait.
    if (signal.remaining === 0 && signal.waitMs) this.pauseFor(signal.waitMs);
  }

  /**
   * Waits for a concurrency slot, any shared pause, and the pacing interval; resolves with the
   * release function. Rejects with AbortError as soon as `signal` aborts.
   */
  async acquire(signal?: AbortSignal): Promise<() => void> {
    await this.takeSlot(signal);
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      this.active--;
      this.queue.shift()?.grant();
    };
    try {
      for (;;) {
        const now = this.clock.now();
        if (now < this.pausedUntil) {
          await this.clock.sleep(this.pausedUntil - now + this.random() * this.pauseJitterMs, signal);
          continue;
        }
        if (now < this.nextStartAt) {
          await this.clock.sleep(this.nextStartAt - now, signal);
          continue;
        }
        const interval = Math.max(this.minIntervalMs, now < this.slowUntil ? this.slowIntervalMs : 0);
        this.nextStartAt = now + interval;
        this.lastStartAt = now;
        return release;
      }
    } catch (err) {
      release();
      throw err;
    }
  }

  private takeSlot(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(new AbortError());
    if (this.active < this.maxConcurrency) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          this.active++;
          resolve();
        },
      };
      const onAbort = (): void => {
        const i = this.queue.indexOf(waiter);
        if (i >= 0) this.queue.splice(i, 1);
        reject(new AbortError());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(waiter);
    });
  }
}
