/** Request/response plumbing shared by the simulator's route files. */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** The answer a route produces; the server writes it (or loses it, when a fault says so). */
export interface SimResponse {
  status: number;
  headers?: Record<string, string>;
  /** JSON value, a raw string/Buffer, or undefined for an empty body. */
  body?: unknown;
}

export interface Principal {
  kind: 'user' | 'anonymous';
  /** DC username or Cloud email. */
  name: string;
  displayName: string;
  /** Cloud account id; DC user key. */
  id: string;
}

export interface SimRequest {
  method: string;
  /** Path after the API prefix was recognised (full path, no query). */
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  rawBody: Buffer;
  principal: Principal;
  /** Scheme + host + port, e.g. `http://127.0.0.1:4321`. */
  origin: string;
}

const REASONS: Record<number, string> = {
  200: 'OK',
  204: 'No Content',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  410: 'Gone',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

function reasonPhrase(status: number): string {
  return REASONS[status] ?? 'Error';
}

export function json(status: number, body: unknown, headers?: Record<string, string>): SimResponse {
  return { status, body, headers };
}

/** DC and Cloud v1 error envelope ("RestError"). */
export function restError(status: number, message: string): SimResponse {
  return json(status, {
    statusCode: status,
    // The `data` block as observed on live DC answers (docToolchain#293, markdown-to-confluence#6).
    data: { authorized: false, valid: true, errors: [], successful: false },
    message,
    reason: reasonPhrase(status),
  });
}

/** Cloud v2 error envelope. */
export function v2Error(status: number, code: string, title: string): SimResponse {
  return json(status, { errors: [{ status, code, title, detail: null }] });
}

export function readBody(req: IncomingMessage, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      // Keep counting but stop storing past the limit; the route answers 413.
      if (size <= max) chunks.push(c);
    });
    req.on('end', () => resolve(size > max ? Buffer.alloc(max + 1) : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Parses a JSON body; `undefined` when it is absent or malformed. */
export function jsonBody(req: SimRequest): any {
  if (req.rawBody.length === 0) return undefined;
  try {
    return JSON.parse(req.rawBody.toString('utf8'));
  } catch {
    return undefined;
  }
}

export interface MultipartPart {
  name: string;
  fileName?: string;
  contentType?: string;
  data: Buffer;
}

/** A small multipart/form-data parser (RFC 7578), enough for attachment uploads. */
export function parseMultipart(contentType: string | undefined, body: Buffer): MultipartPart[] | undefined {
  const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType ?? '');
  if (!m || !/^multipart\/form-data/i.test(contentType ?? '')) return undefined;
  const boundary = Buffer.from(`--${m[1] ?? m[2].trim()}`);
  const parts: MultipartPart[] = [];
  let pos = body.indexOf(boundary);
  if (pos < 0) return undefined;
  while (true) {
    pos += boundary.length;
    if (body.subarray(pos, pos + 2).toString() === '--') break;
    pos += 2; // CRLF after the boundary
    const headerEnd = body.indexOf('\r\n\r\n', pos);
    if (headerEnd < 0) return undefined;
    const headerText = body.subarray(pos, headerEnd).toString('utf8');
    const next = body.indexOf(boundary, headerEnd + 4);
    if (next < 0) return undefined;
    const data = body.subarray(headerEnd + 4, next - 2); // minus CRLF before the boundary
    const disposition = /content-disposition:([^\r\n]*)/i.exec(headerText)?.[1] ?? '';
    const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
    const fileName = /\bfilename="([^"]*)"/i.exec(disposition)?.[1];
    const ctype = /content-type:\s*([^\r\n]*)/i.exec(headerText)?.[1]?.trim();
    if (name !== undefined) parts.push({ name, fileName, contentType: ctype, data: Buffer.from(data) });
    pos = next;
  }
  return parts;
}

export function writeResponse(res: ServerResponse, r: SimResponse): void {
  const headers: Record<string, string> = { ...(r.headers ?? {}) };
  let payload: Buffer | undefined;
  if (Buffer.isBuffer(r.body)) payload = r.body;
  else if (typeof r.body === 'string') {
    payload = Buffer.from(r.body, 'utf8');
    headers['Content-Type'] ??= 'text/plain;charset=UTF-8';
  } else if (r.body !== undefined) {
    payload = Buffer.from(JSON.stringify(r.body), 'utf8');
    headers['Content-Type'] ??= 'application/json;charset=UTF-8';
  }
  if (payload) headers['Content-Length'] = String(payload.length);
  res.writeHead(r.status, headers);
  res.end(payload);
}

/** Requested page size, defaulted and capped at the server maximum. */
export function pageLimit(query: URLSearchParams, fallback: number, max: number): number {
  const n = Number.parseInt(query.get('limit') ?? '', 10);
  if (!Number.isFinite(n) || n <= 0) return Math.min(fallback, max);
  return Math.min(n, max);
}

/** Opaque cursors: base64url JSON of an offset (clients must follow them verbatim). */
export function encodeCursor(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset }), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | null): number | undefined {
  if (cursor === null) return 0;
  try {
    const o = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')).o;
    return Number.isSafeInteger(o) && o >= 0 ? o : undefined;
  } catch {
    return undefined;
  }
}

/** Rebuilds a relative URL with some query parameters replaced. */
export function withQuery(pathname: string, query: URLSearchParams, set: Record<string, string>): string {
  const q = new URLSearchParams(query);
  for (const [k, v] of Object.entries(set)) q.set(k, v);
  return `${pathname}?${q.toString()}`;
}
