/** Log levels understood by {@link RestLogger}. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Plain values only, so nothing can smuggle a request object (and its headers) into a log. */
export type LogFields = Record<string, string | number | boolean | undefined>;

/** Injected logger. The REST layer always wraps it in {@link redactingLogger}. */
export interface RestLogger {
  log(level: LogLevel, message: string, fields?: LogFields): void;
}

/** A logger that drops everything (the default). */
export const silentLogger: RestLogger = { log: () => undefined };

/** Replaces every occurrence of each secret (longest first) with `[REDACTED]`. */
export function redactor(secrets: readonly string[]): (text: string) => string {
  const sorted = [...new Set(secrets)].filter((s) => s.length > 0).sort((a, b) => b.length - a.length);
  return (text) => {
    let out = text;
    for (const s of sorted) out = out.split(s).join('[REDACTED]');
    return out;
  };
}

/** Wraps a logger so that messages and string fields are redacted before they reach it. */
export function redactingLogger(inner: RestLogger, secrets: readonly string[]): RestLogger {
  const redact = redactor(secrets);
  return {
    log(level, message, fields) {
      let clean: LogFields | undefined;
      if (fields) {
        clean = {};
        for (const [k, v] of Object.entries(fields)) clean[k] = typeof v === 'string' ? redact(v) : v;
      }
      inner.log(level, redact(message), clean);
    },
  };
}
