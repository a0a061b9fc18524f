import { AbortError, Clock } from '../../../server/src/rest';

interface Sleeper {
  wake: number;
  resolve: () => void;
}

/**
 * Virtual time. `auto` mode: every sleep jumps time forward and resolves at once. Manual mode:
 * sleeps wait until the test calls `advance`.
 */
export class FakeClock implements Clock {
  t = Date.UTC(2026, 0, 2, 3, 4, 0);
  readonly sleeps: number[] = [];
  private readonly pending: Sleeper[] = [];
  constructor(private readonly auto = true) {}

  now(): number {
    return this.t;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.sleeps.push(ms);
    if (signal?.aborted) return Promise.reject(new AbortError());
    const wake = this.t + Math.max(0, ms);
    if (this.auto) {
      this.t = Math.max(this.t, wake);
      return new Promise((resolve) => setImmediate(resolve));
    }
    return new Promise<void>((resolve, reject) => {
      const sleeper: Sleeper = { wake, resolve };
      signal?.addEventListener('abort', () => {
        this.pending.splice(this.pending.indexOf(sleeper), 1);
        reject(new AbortError());
      }, { once: true });
      this.pending.push(sleeper);
    });
  }

  /** Sleepers not yet woken (manual mode). */
  get sleeping(): number {
    return this.pending.length;
  }

  /** Moves time forward and wakes every sleeper that is due. */
  advance(ms: number): void {
    this.t += ms;
    for (const s of [...this.pending]) {
      if (s.wake <= this.t) {
        this.pending.splice(this.pending.indexOf(s), 1);
        s.resolve();
      }
    }
  }
}

/** Resolves once `cond` holds (polls; loopback IO needs real event-loop turns). */
export async function until(cond: () => boolean, what = 'condition'): Promise<void> {
  for (let i = 0; i < 2500; i++) {
    if (cond()) return;
    await new Promise((r) => setTimeout(r, 2));
  }
  throw new Error(`timed out waiting for ${what}`);
}
