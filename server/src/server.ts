/**
 * Language server entry (`node dist/server.js --stdio` or `--node-ipc`; the transport is
 * read from the command line). Off the main thread the same bundle is a lint worker.
 */
import { isMainThread } from 'node:worker_threads';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { runLintWorker } from './lsp/lint-worker';
import { startServer } from './lsp/start';

if (isMainThread) {
  const connection = createConnection(ProposedFeatures.all);
  // A bug in one request must not end the session: log it and keep serving.
  process.on('uncaughtException', (e) => connection.console.error(`uncaught: ${e.stack ?? String(e)}`));
  process.on('unhandledRejection', (e) => connection.console.error(`unhandled rejection: ${String(e)}`));
  startServer(connection, { workerScript: __filename });
} else {
  runLintWorker();
}
