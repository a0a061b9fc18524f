/**
 * Who is calling. DC: Basic username:password or Bearer PAT; a wrong password is 401, but an
 * unknown PAT silently runs as anonymous when anonymous access is on (CONFSERVER-98199).
 * Cloud: Basic email:apitoken only, anything else is 401.
 */
import type { Principal } from './http';
import type { CloudUser, DcUser } from './options';

export type AuthResult = { ok: true; principal: Principal } | { ok: false; reason: string };

const ANONYMOUS: Principal = { kind: 'anonymous', name: '', displayName: 'Anonymous', id: '' };

function basic(header: string): { user: string; secret: string } | undefined {
  const m = /^Basic\s+(\S+)$/i.exec(header);
  if (!m) return undefined;
  const text = Buffer.from(m[1], 'base64').toString('utf8');
  const i = text.indexOf(':');
  return i < 0 ? undefined : { user: text.slice(0, i), secret: text.slice(i + 1) };
}

export function authenticateDc(
  header: string | undefined,
  users: readonly DcUser[],
  cfg: { anonymousAccess: boolean; invalidPatIsAnonymous: boolean },
): AuthResult {
  if (!header) return cfg.anonymousAccess ? { ok: true, principal: ANONYMOUS } : { ok: false, reason: 'Authentication required' };
  const bearer = /^Bearer\s+(\S+)$/i.exec(header);
  if (bearer) {
    const user = users.find((u) => u.tokens?.includes(bearer[1]));
    if (user) return { ok: true, principal: dcPrincipal(user) };
    if (cfg.anonymousAccess && cfg.invalidPatIsAnonymous) return { ok: true, principal: ANONYMOUS };
    return { ok: false, reason: 'Invalid personal access token' };
  }
  const b = basic(header);
  const user = b && users.find((u) => u.username === b.user && u.password === b.secret);
  return user ? { ok: true, principal: dcPrincipal(user) } : { ok: false, reason: 'Basic Authentication Failure - Reason : AUTHENTICATED_FAILED' };
}

function dcPrincipal(u: DcUser): Principal {
  return { kind: 'user', name: u.username, displayName: u.displayName ?? u.username, id: `key-${u.username}` };
}

export function authenticateCloud(header: string | undefined, users: readonly CloudUser[]): AuthResult {
  const b = header ? basic(header) : undefined;
  const user = b && users.find((u) => u.email === b.user && u.apiToken === b.secret);
  if (!user) return { ok: false, reason: 'Client must be authenticated to access this resource.' };
  return { ok: true, principal: { kind: 'user', name: user.email, displayName: user.displayName ?? user.email, id: user.accountId ?? `sim:${user.email}` } };
}
