/**
 * Clients for an instance, and credentials from the environment (the CLI never takes them as
 * arguments, so they stay out of shell history and process lists).
 */
import { CloudClient, DcClient, RateLimiter, type Credentials, type LimiterOptions, type RestLogger, type RetryOptions } from '../rest/index';
import type { Flavor, InstanceRef } from './metadata-index';

/** The environment variables read, per flavor (documented in the CLI's --help). */
export const CREDENTIAL_ENV = {
  dc: { token: 'CONFLUENCE_DC_TOKEN', user: 'CONFLUENCE_DC_USER', password: 'CONFLUENCE_DC_PASSWORD' },
  cloud: { email: 'CONFLUENCE_CLOUD_EMAIL', token: 'CONFLUENCE_CLOUD_TOKEN' },
} as const;

/** Credentials for a flavor from environment variables; the error names the missing variables. */
export function credentialsFromEnv(flavor: Flavor, env: Readonly<Record<string, string | undefined>>): Credentials {
  if (flavor === 'dc') {
    const e = CREDENTIAL_ENV.dc;
    if (env[e.token]) return { kind: 'dc-pat', token: env[e.token] as string };
    if (env[e.user] && env[e.password]) return { kind: 'dc-basic', username: env[e.user] as string, password: env[e.password] as string };
    throw new Error(`no Data Center credentials: set ${e.token} (personal access token) or ${e.user} and ${e.password}`);
  }
  const e = CREDENTIAL_ENV.cloud;
  if (env[e.email] && env[e.token]) return { kind: 'cloud-token', email: env[e.email] as string, apiToken: env[e.token] as string };
  throw new Error(`no Cloud credentials: set ${e.email} and ${e.token} (an API token)`);
}

export interface ConnectOptions {
  logger?: RestLogger;
  /** One limiter per site, shared by every concurrent request to it. */
  limiter?: RateLimiter;
  limits?: LimiterOptions;
  retry?: RetryOptions;
}

export type SiteClient = { flavor: 'dc'; client: DcClient } | { flavor: 'cloud'; client: CloudClient };

/** A client for the instance. */
export function connect(instance: InstanceRef, credentials: Credentials, options: ConnectOptions = {}): SiteClient {
  const http = { baseUrl: instance.baseUrl, credentials, logger: options.logger, limiter: options.limiter, limits: options.limits, retry: options.retry };
  return instance.flavor === 'dc' ? { flavor: 'dc', client: new DcClient(http) } : { flavor: 'cloud', client: new CloudClient(http) };
}

/** Help text naming the credential variables, for command-line usage screens. */
export const CREDENTIALS_HELP = `credentials (environment variables only, never arguments):
  Data Center: ${CREDENTIAL_ENV.dc.token} (personal access token), or
               ${CREDENTIAL_ENV.dc.user} and ${CREDENTIAL_ENV.dc.password}
  Cloud:       ${CREDENTIAL_ENV.cloud.email} and ${CREDENTIAL_ENV.cloud.token} (API token)`;

/** Warnings (retries, rate limiting) to a writer; debug and info only when verbose. Already redacted by the REST layer. */
export function lineLogger(write: (line: string) => void, verbose: boolean): RestLogger {
  return {
    log(level, message) {
      if ((level === 'debug' || level === 'info') && !verbose) return;
      write(`  ${level}: ${message}\n`);
    },
  };
}
