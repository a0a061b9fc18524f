/**
 * A fixed pool of worker threads that lint batches of raw page bodies. Each worker builds its
 * linter (rules, configuration, page index) once; a batch goes to the worker with the fewest
 * batches in hand, its buffers transferred rather than copied, and each batch's promise resolves
 * with one outcome per body, in order.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { EventLoopUtilization } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { transferList, type BodyBatch, type BodyOutcome } from './lint-batch';
import type { PageLintSettings } from './page-lint';

export interface BatchRequest {
  readonly id: number;
  readonly batch: BodyBatch;
}

export type BatchReply = { readonly id: number; readonly results: BodyOutcome[] } | { readonly id: number; readonly error: string };

interface Slot {
  readonly worker: Worker;
  readonly waiting: Map<number, { resolve: (r: BodyOutcome[]) => void; reject: (e: Error) => void }>;
  /** The worker's event-loop utilisation when it got its first batch. */
  since?: EventLoopUtilization;
}

/** How busy one worker was from its first batch to the end of the run (wall-clock, its own event loop). */
export interface WorkerUse {
  /** Running batches (including time the OS gave its core to something else). */
  readonly activeMs: number;
  /** Waiting for a batch: time the main thread did not keep it fed. */
  readonly idleMs: number;
}

/**
 * Where the bundled worker is: beside the running bundle (dist/cli.js → dist/export-worker.js),
 * else the repository's dist/ when running from sources (tests, benchmarks after a build).
 */
export function defaultWorkerScript(): string {
  const beside = join(__dirname, 'export-worker.js');
  return existsSync(beside) ? beside : resolve(__dirname, '../../../dist/export-worker.js');
}

/**
 * Heap cap of each worker. V8 collects lazily up to its (multi-GB) default limit, so without a cap
 * every worker isolate grows its heap far past what its batches need; bodies too big for this cap
 * are linted on the calling thread instead (see `lintExport`).
 */
export const WORKER_OLD_SPACE_MB = 160;

/**
 * Young generation of each worker. Left unset, V8 derives it from the old-space cap above (1/128
 * of it per semi-space: ~1.25 MB), and linting, which allocates a short-lived tree per page,
 * scavenges every few hundred KB and promotes half-dead trees to the old space: a third of the
 * time in GC instead of a fifth (see BENCHMARKS.md). This gives the 16 MB semi-spaces a main
 * thread gets by default.
 */
export const WORKER_YOUNG_SPACE_MB = 48;

export class LintPool {
  private readonly slots: Slot[] = [];
  private nextId = 0;
  private failure: Error | null = null;
  private uses: WorkerUse[] = [];

  constructor(size: number, settings: PageLintSettings, script = defaultWorkerScript()) {
    if (!existsSync(script)) throw new Error(`the export lint worker ${script} is missing; run \`node esbuild.mjs\``);
    for (let i = 0; i < Math.max(1, size); i++) {
      const worker = new Worker(script, { workerData: { kind: 'export-lint', settings }, resourceLimits: { maxOldGenerationSizeMb: WORKER_OLD_SPACE_MB, maxYoungGenerationSizeMb: WORKER_YOUNG_SPACE_MB } });
      const slot: Slot = { worker, waiting: new Map() };
      worker.on('message', (reply: BatchReply) => {
        const waiter = slot.waiting.get(reply.id);
        slot.waiting.delete(reply.id);
        if (!waiter) return;
        if ('error' in reply) waiter.reject(new Error(`export lint worker failed: ${reply.error}`));
        else waiter.resolve(reply.results);
      });
      worker.on('error', (err) => this.fail(err));
      worker.on('exit', (code) => {
        if (code !== 0) this.fail(new Error(`export lint worker exited with code ${code}`));
      });
      this.slots.push(slot);
    }
  }

  get size(): number {
    return this.slots.length;
  }

  /** Lints a batch in one worker (its buffers move there); resolves with one outcome per body, in order. */
  lint(batch: BodyBatch): Promise<BodyOutcome[]> {
    if (this.failure) return Promise.reject(this.failure);
    const slot = this.slots.reduce((a, b) => (b.waiting.size < a.waiting.size ? b : a));
    const id = this.nextId++;
    slot.since ??= slot.worker.performance.eventLoopUtilization();
    return new Promise((resolvePromise, reject) => {
      slot.waiting.set(id, { resolve: resolvePromise, reject });
      slot.worker.postMessage({ id, batch } satisfies BatchRequest, transferList(batch));
    });
  }

  async close(): Promise<void> {
    this.uses = this.slots.map(({ worker, since }) => {
      const u = since ? worker.performance.eventLoopUtilization(since) : null;
      return { activeMs: u?.active ?? 0, idleMs: u?.idle ?? 0 };
    });
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  /** Per worker, how busy it was; filled in by `close`. */
  get use(): readonly WorkerUse[] {
    return this.uses;
  }

  private fail(err: Error): void {
    this.failure ??= err;
    for (const slot of this.slots) {
      for (const waiter of slot.waiting.values()) waiter.reject(err);
      slot.waiting.clear();
    }
  }
}
