/** The VS Code client starts the server with `--node-ipc`; the same bundle must serve it. */
import * as assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { createMessageConnection, IPCMessageReader, IPCMessageWriter } from 'vscode-jsonrpc/node';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import { ensureBuilt } from '../helpers/ensure-built';

describe('language server over node IPC', () => {
  it('publishes diagnostics', async () => {
    const child = fork(ensureBuilt('server.js'), ['--node-ipc'], { silent: true });
    const connection = createMessageConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
    const published = new Promise<PublishDiagnosticsParams>((resolve) => connection.onNotification('textDocument/publishDiagnostics', resolve));
    connection.onRequest(() => null);
    connection.listen();
    try {
      await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
      await connection.sendNotification('initialized', {});
      const uri = 'file:///virtual/ipc.storage.xhtml';
      await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'confluence-storage', version: 1, text: '<ac:structured-macro ac:name="noformat" />' } });
      const p = await published;
      assert.equal(p.uri, uri);
      assert.deepEqual(p.diagnostics.map((d) => d.code), ['legacy-macro']);
    } finally {
      connection.dispose();
      child.kill();
    }
  });
});
