/**
 * Lints huge documents in a worker thread, so the server keeps answering (hover, other
 * files, cancellation) while a 100 MB page is analysed. The worker runs the same bundle
 * (`dist/server.js`), which starts `runLintWorker` instead of the server off the main thread.
 * Cancelling a job terminates its worker: the core is synchronous and cannot be interrupted.
 *
 * The text travels as UTF-8 bytes in a transferred ArrayBuffer (moved, not copied): a
 * structured clone of a 100 MB string would serialise a second copy on the way and keep it
 * until the worker has rebuilt the string.
 */
import { parentPort, Worker } from 'node:worker_threads';
import { collectGarbage } from './collect-garbage';
import { runLintJob, type LintJobInput, type LintJobResult } from './lint-job';

type Reply = { ok: true; result: LintJobResult } | { ok: false; error: string };

/** A job as posted: the input with its text as UTF-8 bytes. */
interface WorkerJob extends Omit<LintJobInput, 'text'> {
  /** Dropped by the worker once decoded, so the page is not held twice during the lint. */
  utf8?: Uint8Array;
}

/**
 * Offsets stay valid across the round trip: UTF-8 maps each UTF-16 unit to the same unit
 * (a lone surrogate becomes one U+FFFD), and ignoreBOM keeps a leading BOM as a character.
 */
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

/** The worker side: one job per message. */
export function runLintWorker(): void {
  const port = parentPort;
  if (!port) return;
  port.on('message', (job: WorkerJob) => {
    let reply: Reply;
    try {
      const text = decoder.decode(job.utf8);
      job.utf8 = undefined;
      // Free the bytes now, not at the first full collection deep into the parse.
      collectGarbage();
      reply = { ok: true, result: runLintJob({ format: job.format, config: job.config, pages: job.pages, text }, true).result };
    } catch (e) {
      reply = { ok: false, error: (e as Error).message };
    }
    port.postMessage(reply);
  });
}

export interface CancellableJob {
  readonly promise: Promise<LintJobResult | undefined>;
  /** Stops the job; its promise then resolves to undefined. */
  cancel(): void;
}

/**
 * A worker that outgrows this heap ends alone (ERR_WORKER_OUT_OF_MEMORY) instead of taking
 * the server down; a 100 MB page needs about 1.5 GB (BENCHMARKS.md, "LSP latency").
 */
const WORKER_HEAP_MB = 4096;

/** Runs one job in a fresh worker of `script`. */
export function lintInWorker(script: string, input: LintJobInput): CancellableJob {
  const worker = new Worker(script, { resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
  let settle: (value: LintJobResult | undefined) => void = () => {};
  let fail: (error: Error) => void = () => {};
  const promise = new Promise<LintJobResult | undefined>((resolve, reject) => {
    settle = resolve;
    fail = reject;
  });
  const finish = () => void worker.terminate();
  worker.once('message', (reply: Reply) => {
    finish();
    if (reply.ok) settle(reply.result);
    else fail(new Error(reply.error));
  });
  worker.once('error', (e) => {
    finish();
    fail(e);
  });
  worker.once('exit', () => settle(undefined));
  // The main thread goes idle now, so nothing else would collect the decoded `didOpen` message
  // (the JSON text and its buffers, about 3x the page) while the worker runs.
  collectGarbage();
  const { text, ...rest } = input;
  const utf8 = new TextEncoder().encode(text);
  worker.postMessage({ ...rest, utf8 } satisfies WorkerJob, [utf8.buffer as ArrayBuffer]);
  return {
    promise,
    cancel: () => {
      settle(undefined);
      finish();
    },
  };
}
