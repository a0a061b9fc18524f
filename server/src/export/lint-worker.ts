/**
 * Entry of the export lint worker (bundled to dist/export-worker.js): decodes and lints batches of
 * raw page bodies posted by `LintPool` with the settings it was started with, one reply per batch.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { batchLinter } from './lint-batch';
import type { PageLintSettings } from './page-lint';
import type { BatchReply, BatchRequest } from './lint-pool';

const port = parentPort;
if (port && (workerData as { kind?: string } | null)?.kind === 'export-lint') {
  const lintBatch = batchLinter((workerData as { settings: PageLintSettings }).settings);
  port.on('message', (request: BatchRequest) => {
    let reply: BatchReply;
    try {
      reply = { id: request.id, results: lintBatch(request.batch) };
    } catch (e) {
      // The core never throws on input; this is a bug, reported with the batch rather than lost.
      reply = { id: request.id, error: (e as Error).stack ?? String(e) };
    }
    port.postMessage(reply);
  });
}
