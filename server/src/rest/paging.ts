import { HttpRequest, HttpResponse, RestHttp } from './http';

interface Envelope<T> {
  results?: T[];
  _links?: { next?: string };
}

/**
 * Yields every item of a paged collection. The next page comes only from the server: the
 * `Link: <…>; rel="next"` header (Cloud v2) or `_links.next` (DC offset paging, Cloud cursor
 * paging). A short page never ends the walk, because servers cap `limit` silently.
 */
export async function* paged<T>(http: RestHttp, first: HttpRequest): AsyncGenerator<T, void, undefined> {
  const seen = new Set<string>();
  let request: HttpRequest | undefined = first;
  while (request) {
    const response: HttpResponse<Envelope<T>> = await http.request<Envelope<T>>(request);
    const { data, headers } = response;
    for (const item of data?.results ?? []) yield item;
    const next: string | undefined = nextLink(headers.get('link')) ?? data?._links?.next;
    if (!next) return;
    const href: string = http.resolve(next).href;
    if (seen.has(href)) throw new Error(`Paging loop: the server sent the same next link twice (${http.resolve(next).pathname})`);
    seen.add(href);
    request = { method: 'GET', path: href, signal: first.signal, accept: first.accept };
  }
}

/** Collects an async iterable into an array. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** The `rel="next"` target of an RFC 8288 Link header. */
export function nextLink(header: string | null): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(/,(?=\s*<)/)) {
    const m = /^\s*<([^>]*)>(.*)$/.exec(part);
    if (m && /;\s*rel\s*=\s*"?([^";]*\s)?next(\s[^";]*)?"?\s*(;|$)/i.test(m[2])) return m[1];
  }
  return undefined;
}
