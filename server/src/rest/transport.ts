/** The subset of the global `fetch` this layer uses; inject another for tests or benchmarks. */
export type FetchLike = (url: string, init: {
  method: string;
  headers: Record<string, string>;
  body?: Uint8Array | string;
  redirect: 'manual';
  signal: AbortSignal;
}) => Promise<Response>;

/** One outgoing request, before credentials are attached. */
export interface WireRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body?: Uint8Array | string;
  signal: AbortSignal;
}

/** The final response and the URL it came from. */
export interface WireResponse {
  response: Response;
  url: URL;
  /** Set when the redirect chain ended without a usable response (loop, bad Location). */
  redirectProblem?: string;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;

/**
 * Sends a request and follows redirects by hand, attaching `authorization` only while the
 * current URL has exactly the trusted origin (scheme, host and port). fetch's own redirect
 * handling is not used because it cannot guarantee that.
 */
export async function sendFollowingRedirects(
  fetchImpl: FetchLike,
  request: WireRequest,
  trustedOrigin: string,
  authorization: string,
): Promise<WireResponse> {
  let { method, body, url } = request;
  let headers = { ...request.headers };
  for (let hop = 0; ; hop++) {
    const sent: Record<string, string> = { ...headers };
    if (url.origin === trustedOrigin) sent.authorization = authorization;
    const response = await fetchImpl(url.href, { method, headers: sent, body, redirect: 'manual', signal: request.signal });
    if (!REDIRECTS.has(response.status)) return { response, url };
    const location = response.headers.get('location');
    await response.body?.cancel().catch(() => undefined);
    if (!location) return { response, url, redirectProblem: 'redirect without a Location header' };
    if (hop >= MAX_REDIRECTS) return { response, url, redirectProblem: `more than ${MAX_REDIRECTS} redirects` };
    let next: URL;
    try {
      next = new URL(location, url);
    } catch {
      return { response, url, redirectProblem: 'redirect to an invalid URL' };
    }
    if (next.protocol !== 'http:' && next.protocol !== 'https:') {
      return { response, url, redirectProblem: `redirect to unsupported scheme ${next.protocol}` };
    }
    // Fetch spec: 303 always becomes GET; 301/302 turn a POST into GET; 307/308 keep everything.
    if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === 'POST')) {
      if (method !== 'HEAD') method = 'GET';
      body = undefined;
      headers = withoutBodyHeaders(headers);
    }
    url = next;
  }
}

function withoutBodyHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (!/^content-/i.test(k)) out[k] = v;
  return out;
}
