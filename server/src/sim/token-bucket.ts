/**
 * A token bucket on an injectable clock: `capacity` tokens at most, refilled continuously at
 * `perSecond` tokens per second. Both simulated rate limiters (DC and Cloud burst) use it.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    readonly capacity: number,
    readonly perSecond: number,
    private readonly now: () => number,
  ) {
    this.tokens = capacity;
    this.last = now();
  }

  private refill(): void {
    const t = this.now();
    if (t > this.last) {
      this.tokens = Math.min(this.capacity, this.tokens + ((t - this.last) / 1000) * this.perSecond);
      this.last = t;
    }
  }

  /** Takes one token if there is one. */
  take(): boolean {
    this.refill();
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return true;
    }
    return false;
  }

  /** Whole tokens left. */
  remaining(): number {
    this.refill();
    return Math.floor(this.tokens);
  }

  /** Whole seconds until one token is available (0 when one is there now). */
  secondsUntilToken(): number {
    this.refill();
    if (this.tokens >= 1) return 0;
    return Math.max(1, Math.ceil((1 - this.tokens) / this.perSecond));
  }
}
