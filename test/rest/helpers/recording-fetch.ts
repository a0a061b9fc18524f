import { FetchLike } from '../../../server/src/rest';
import { HttpExchange, SpecFlavor, Violation, validateExchange } from '../../helpers/openapi';

/** One request the client sent and what came back. */
export interface Recorded {
  method: string;
  url: URL;
  contentType: string;
  body: Uint8Array | string | undefined;
  /** Undefined when no answer arrived (reset, lost response): then only the request is checked. */
  status?: number;
  responseType: string;
  responseText: string;
}

/** Wraps the global fetch, recording every exchange (after redirects are split into hops). */
export function recordingFetch(log: Recorded[]): FetchLike {
  return async (url, init) => {
    const entry: Recorded = { method: init.method, url: new URL(url), contentType: init.headers['content-type'] ?? '', body: init.body, responseType: '', responseText: '' };
    log.push(entry);
    const response = await fetch(url, init);
    entry.responseText = await response.clone().text();
    entry.status = response.status;
    entry.responseType = response.headers.get('content-type') ?? '';
    return response;
  };
}

/** Turns a recorded exchange into the validator's shape. */
export function toExchange(r: Recorded): HttpExchange {
  const ex: HttpExchange = { method: r.method, path: r.url.pathname, query: r.url.searchParams };
  if (r.body !== undefined) {
    const text = typeof r.body === 'string' ? r.body : Buffer.from(r.body).toString('latin1');
    if (r.contentType.startsWith('multipart/form-data')) {
      ex.requestContentType = 'multipart/form-data';
      ex.requestBody = Object.fromEntries([...text.matchAll(/Content-Disposition: form-data; name="([^"]+)"/g)].map((m) => [m[1], true]));
    } else {
      ex.requestContentType = r.contentType;
      ex.requestBody = JSON.parse(text);
    }
  }
  if (r.status !== undefined) {
    ex.status = r.status;
    ex.responseBody = r.responseType.includes('json') && r.responseText !== '' ? JSON.parse(r.responseText) : r.responseText;
  }
  return ex;
}

/** Request and response violations of every recorded API exchange (downloads are not API). */
export function violationsOf(flavor: SpecFlavor, log: readonly Recorded[]): Array<Violation & { url: string }> {
  return log
    .filter((r) => !r.url.pathname.includes('/download/attachments/'))
    .flatMap((r) => validateExchange(flavor, toExchange(r)).map((v) => ({ ...v, url: `${r.method} ${r.url.pathname}${r.url.search}` })));
}
