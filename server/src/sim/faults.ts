/** Fault decisions, drawn from a seeded PRNG so a run can be repeated exactly. */
import type { FaultOptions } from './options';
import { SeededRandom } from './prng';

export type FaultKind = 'none' | 'error' | 'reset' | 'lost';

export interface FaultDecision {
  kind: FaultKind;
  /** For 'error': the status to answer. */
  status?: number;
  /** Delay before handling, 0 when not slow. */
  delayMs: number;
}

export class FaultInjector {
  private readonly random: SeededRandom;

  constructor(private readonly cfg: FaultOptions) {
    this.random = new SeededRandom(cfg.seed ?? 1);
  }

  /** Decides one request's fate. Always draws the same number of values per request. */
  decide(method: string): FaultDecision {
    const r = this.random.next();
    const slow = this.random.next();
    const pick = this.random.next();
    if (this.cfg.methods && !this.cfg.methods.includes(method)) return { kind: 'none', delayMs: 0 };
    const delayMs = slow < (this.cfg.slowRate ?? 0) ? (this.cfg.slowMs ?? 1000) : 0;
    const error = this.cfg.errorRate ?? 0;
    const reset = error + (this.cfg.resetRate ?? 0);
    const lost = reset + (this.cfg.lostRate ?? 0);
    if (r < error) {
      const statuses = this.cfg.errorStatuses && this.cfg.errorStatuses.length > 0 ? this.cfg.errorStatuses : [500, 502, 503];
      return { kind: 'error', status: statuses[Math.floor(pick * statuses.length)], delayMs };
    }
    if (r < reset) return { kind: 'reset', delayMs };
    if (r < lost) return { kind: 'lost', delayMs };
    return { kind: 'none', delayMs };
  }
}
