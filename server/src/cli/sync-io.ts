/**
 * What the sync commands share: credential help text and a REST logger that writes warnings
 * to stderr (the REST layer has already redacted every secret from them).
 */
import type { RestLogger } from '../rest/index';
import { CREDENTIAL_ENV } from '../sync/index';

export const CREDENTIALS_HELP = `credentials (environment variables only, never arguments):
  Data Center: ${CREDENTIAL_ENV.dc.token} (personal access token), or
               ${CREDENTIAL_ENV.dc.user} and ${CREDENTIAL_ENV.dc.password}
  Cloud:       ${CREDENTIAL_ENV.cloud.email} and ${CREDENTIAL_ENV.cloud.token} (API token)`;

/** Warnings (retries, rate limiting) to stderr; debug lines only when verbose. */
export function stderrLogger(stderr: NodeJS.WritableStream, verbose: boolean): RestLogger {
  return {
    log(level, message) {
      if (level === 'debug' && !verbose) return;
      if (level === 'info' && !verbose) return;
      stderr.write(`  ${level}: ${message}\n`);
    },
  };
}
