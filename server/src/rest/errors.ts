/**
 * Typed errors of the REST layer. Messages are built only from the method, the URL path, the
 * status and the server's own message (redacted), never from request headers or credentials.
 */

/** Where a failed request went; the URL carries no query string (cursors and CQL are noise). */
export interface RequestInfo {
  method: string;
  url: string;
}

/** Base class of every error this layer throws for a request, except {@link AbortError}. */
export class RestError extends Error {
  readonly method: string;
  readonly url: string;
  constructor(message: string, info: RequestInfo) {
    super(message);
    this.name = new.target.name;
    this.method = info.method;
    this.url = info.url;
  }
}

/** Any non-success HTTP status. */
export class HttpError extends RestError {
  readonly status: number;
  /** The server's own message, redacted and truncated (may be empty). */
  readonly serverMessage: string;
  constructor(status: number, serverMessage: string, info: RequestInfo, hint?: string, headline?: string) {
    const what = headline ?? `${info.method} ${info.url} failed with HTTP ${status}`;
    super(`${what}${serverMessage ? `: ${serverMessage}` : ''}${hint ? ` (${hint})` : ''}`, info);
    this.status = status;
    this.serverMessage = serverMessage;
  }
}

/** Why authentication failed. `anonymous`: the server answered, but as the anonymous user. */
export type AuthFailure = 'unauthorized' | 'forbidden' | 'anonymous';

/** 401, 403, or a Data Center PAT that was silently treated as anonymous. */
export class AuthError extends HttpError {
  readonly reason: AuthFailure;
  constructor(status: number, reason: AuthFailure, serverMessage: string, info: RequestInfo) {
    const hint = reason === 'anonymous'
      ? 'the credentials were not accepted as a user; Data Center silently treats a wrong, expired or revoked personal access token as anonymous'
      : reason === 'unauthorized'
        ? 'check the credentials: Data Center takes a PAT or username and password, Cloud the account email and an API token'
        : 'the account lacks permission for this operation';
    super(status, serverMessage, info, hint, reason === 'anonymous' ? `${info.method} ${info.url} answered as the anonymous user` : undefined);
    this.reason = reason;
  }
}

/** 404: missing, or no permission to see it (Confluence does not tell the two apart). */
export class NotFoundError extends HttpError {}

/** 409: the page (or property) changed since the version the edit was based on. */
export class ConflictError extends HttpError {
  /** The server's current version, when its message says so. */
  readonly currentVersion: number | undefined;
  /** The version number the request tried to create, when known. */
  readonly attemptedVersion: number | undefined;
  constructor(serverMessage: string, info: RequestInfo, currentVersion?: number, attemptedVersion?: number) {
    super(409, serverMessage, info, currentVersion !== undefined
      ? `someone else changed it; the current version is ${currentVersion}` : undefined);
    this.currentVersion = currentVersion;
    this.attemptedVersion = attemptedVersion;
  }
}

/** 429 (or 503 with Retry-After) that outlasted the retry budget. */
export class RateLimitError extends HttpError {
  /** How long the server last asked us to wait. */
  readonly retryAfterMs: number | undefined;
  readonly attempts: number;
  constructor(status: number, serverMessage: string, info: RequestInfo, retryAfterMs: number | undefined, attempts: number) {
    super(status, serverMessage, info, `still rate limited after ${attempts} attempts`);
    this.retryAfterMs = retryAfterMs;
    this.attempts = attempts;
  }
}

/** The connection failed, was reset, or timed out (after the retry budget, if any). */
export class NetworkError extends RestError {
  /** e.g. ECONNRESET, ECONNREFUSED, TIMEOUT. */
  readonly code: string;
  readonly attempts: number;
  constructor(code: string, info: RequestInfo, attempts: number) {
    super(`${info.method} ${info.url} failed: network error ${code} after ${attempts} attempt(s)`, info);
    this.code = code;
    this.attempts = attempts;
  }
}

/** The caller's AbortSignal fired. */
export class AbortError extends Error {
  constructor() {
    super('The operation was cancelled');
    this.name = 'AbortError';
  }
}

/** Reads "current version" (and the attempted one) out of DC, Cloud v1 and Cloud v2 409 bodies. */
export function parseConflictVersions(serverMessage: string): { current?: number; provided?: number } {
  // DC/v1: "…Version must be incremented on update. Current version is: 6"
  // v2: "Version must be incremented when updating a page. Current Version: [6]. Provided version: [5]"
  const current = /current version(?: is)?\s*:\s*\[?\s*(\d+)/i.exec(serverMessage);
  const provided = /provided version\s*:\s*\[?\s*(\d+)/i.exec(serverMessage);
  return {
    current: current ? Number(current[1]) : undefined,
    provided: provided ? Number(provided[1]) : undefined,
  };
}

/**
 * The human part of an error body: DC/v1 `{message}`, v2 `{errors:[{title,detail}]}`, or short
 * plain text. HTML error pages are reduced to nothing rather than dumped into a message.
 */
export function serverMessageOf(bodyText: string): string {
  const text = bodyText.trim();
  if (text === '') return '';
  try {
    const json = JSON.parse(text) as unknown;
    if (json && typeof json === 'object') {
      const o = json as { message?: unknown; errors?: unknown; reason?: unknown };
      if (typeof o.message === 'string') return clip(o.message);
      if (Array.isArray(o.errors)) {
        const parts = o.errors.map((e: { title?: unknown; detail?: unknown }) =>
          [e?.title, e?.detail].filter((x) => typeof x === 'string' && x !== '').join(' - '));
        return clip(parts.filter(Boolean).join('; '));
      }
      if (typeof o.reason === 'string') return clip(o.reason);
    }
    return '';
  } catch {
    return text.startsWith('<') ? '' : clip(text);
  }
}

function clip(s: string): string {
  return s.length > 300 ? `${s.slice(0, 300)}…` : s;
}
