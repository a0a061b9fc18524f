/**
 * Credentials for one Confluence site. The secret parts never leave this layer except inside the
 * Authorization header sent to the configured origin.
 */
export type Credentials =
  /** Data Center personal access token, sent as `Authorization: Bearer <token>`. */
  | { kind: 'dc-pat'; token: string }
  /** Data Center username and password, sent as Basic. */
  | { kind: 'dc-basic'; username: string; password: string }
  /** Cloud account email and API token, sent as Basic. */
  | { kind: 'cloud-token'; email: string; apiToken: string };

/** The Authorization header value for these credentials. */
export function authorizationHeader(credentials: Credentials): string {
  switch (credentials.kind) {
    case 'dc-pat':
      return `Bearer ${credentials.token}`;
    case 'dc-basic':
      return basic(credentials.username, credentials.password);
    case 'cloud-token':
      return basic(credentials.email, credentials.apiToken);
  }
}

/**
 * Every string that must never appear in an error or log line: the raw secret, the Basic
 * base64 blob (which contains it), and the complete header value.
 */
export function secretsOf(credentials: Credentials): string[] {
  const header = authorizationHeader(credentials);
  const secret = credentials.kind === 'dc-pat' ? credentials.token
    : credentials.kind === 'dc-basic' ? credentials.password : credentials.apiToken;
  const parts = [header, header.replace(/^(Bearer|Basic) /, ''), secret];
  // Short secrets would redact ordinary words; the header forms still protect them.
  return parts.filter((s) => s.length >= 4);
}

function basic(user: string, secret: string): string {
  return `Basic ${Buffer.from(`${user}:${secret}`, 'utf8').toString('base64')}`;
}
