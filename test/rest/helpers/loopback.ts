import * as http from 'node:http';
import { AddressInfo } from 'node:net';

/** A request as the loopback server saw it. */
export interface SeenRequest {
  method: string;
  url: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** Handler: write a response, or destroy `res.socket` to simulate a lost response. */
export type Handler = (req: SeenRequest, res: http.ServerResponse) => unknown;

/** A loopback HTTP server for fault scenarios. */
export interface Loopback {
  url: string;
  origin: string;
  seen: SeenRequest[];
  close(): Promise<void>;
}

/** Starts a server on 127.0.0.1 with an ephemeral port. */
export async function startLoopback(handler: Handler): Promise<Loopback> {
  const seen: SeenRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const u = new URL(req.url ?? '/', 'http://x');
      const r: SeenRequest = { method: req.method ?? '', url: req.url ?? '', path: u.pathname, query: u.searchParams, headers: req.headers, body: Buffer.concat(chunks) };
      seen.push(r);
      Promise.resolve(handler(r, res)).catch((err) => {
        res.statusCode = 599;
        res.end(String(err));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: origin,
    origin,
    seen,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** Sends JSON. */
export function json(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** Drops the connection without an answer (a lost response). */
export function drop(res: http.ServerResponse): void {
  res.socket?.destroy();
}
