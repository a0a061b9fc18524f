/**
 * A tiny HTTP client for the simulator tests that records every exchange, so each suite can
 * assert that all simulator traffic matched the official OpenAPI specs.
 */
import { validateExchange, validateResponse, type SpecFlavor, type Violation } from '../helpers/openapi';

export interface Answer {
  status: number;
  headers: Headers;
  /** Parsed JSON, or the text when the body is not JSON. */
  body: any;
}

export interface CallOptions {
  query?: Record<string, string | string[]>;
  json?: unknown;
  headers?: Record<string, string>;
  /** Multipart form: files under `file`, plus plain text fields. */
  multipart?: { files: { name: string; data: string; type?: string }[]; fields?: Record<string, string> };
  /** Override the Authorization header (null: send none). */
  auth?: string | null;
  /** The request breaks the spec on purpose (testing the server's refusal): check only the response. */
  invalidRequest?: boolean;
}

interface Recorded {
  method: string;
  path: string;
  requestBody?: unknown;
  requestContentType?: string;
  status?: number;
  responseBody?: unknown;
  invalidRequest?: boolean;
}

export function basicAuth(user: string, secret: string): string {
  return `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}`;
}

export class RecordingClient {
  readonly exchanges: Recorded[] = [];

  constructor(
    readonly flavor: SpecFlavor,
    /** Origin + context path (DC) or origin (Cloud). */
    readonly baseUrl: string,
    readonly auth: string | undefined,
  ) {}

  /** `path` is appended to baseUrl; a full URL (e.g. a `_links.next` resolved by the caller) also works. */
  async call(method: string, path: string, opts: CallOptions = {}): Promise<Answer> {
    const url = new URL(/^https?:/.test(path) ? path : this.baseUrl + path);
    for (const [k, v] of Object.entries(opts.query ?? {})) for (const one of Array.isArray(v) ? v : [v]) url.searchParams.append(k, one);
    const headers: Record<string, string> = { Accept: 'application/json', ...(opts.headers ?? {}) };
    const auth = opts.auth === undefined ? this.auth : opts.auth;
    if (auth) headers.Authorization = auth;
    let body: string | FormData | undefined;
    const rec: Recorded = { method, path: url.pathname + url.search, invalidRequest: opts.invalidRequest };
    if (opts.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(opts.json);
      rec.requestBody = opts.json;
    } else if (opts.multipart) {
      const form = new FormData();
      const parts: Record<string, string> = {};
      for (const f of opts.multipart.files) {
        form.append('file', new Blob([f.data], { type: f.type ?? 'text/plain' }), f.name);
        parts.file = '';
      }
      for (const [k, v] of Object.entries(opts.multipart.fields ?? {})) {
        form.append(k, v);
        parts[k] = '';
      }
      body = form;
      rec.requestBody = parts;
      rec.requestContentType = 'multipart/form-data';
    }
    this.exchanges.push(rec);
    const res = await fetch(url, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    if ((res.headers.get('content-type') ?? '').includes('application/json')) parsed = JSON.parse(text);
    rec.status = res.status;
    rec.responseBody = text === '' ? undefined : parsed;
    return { status: res.status, headers: res.headers, body: parsed };
  }

  /** Every recorded exchange checked against the spec (requests without an answer: request only). */
  violations(): (Violation & { exchange: string })[] {
    return this.exchanges.flatMap((e) =>
      (e.invalidRequest ? validateResponse(this.flavor, e) : validateExchange(this.flavor, e)).map((v) => ({ ...v, exchange: `${e.method} ${e.path} → ${e.status ?? 'no answer'}` })),
    );
  }
}
