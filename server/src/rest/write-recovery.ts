import { ConflictError, HttpError } from './errors';
import { RestHttp, isAmbiguous } from './http';

/** How a write recognises that an earlier attempt whose response was lost already applied. */
export interface WriteRecovery<T> {
  /** Sends the write once; `priorAttempts` is for error messages. */
  send(priorAttempts: number): Promise<T>;
  /** Create: before resending, look for the page the lost attempt may have created. */
  adoptBeforeRetry?(): Promise<T | undefined>;
  /** Update: on a 409 after a lost attempt, check whether the server holds exactly our write. */
  adoptOnConflict?(): Promise<T | undefined>;
  signal?: AbortSignal;
  what: string;
}

/**
 * Retries a write after 5xx or network faults without ever duplicating it or reporting a false
 * conflict: a 409 is only adopted as success after an ambiguous attempt and only when the
 * server's page is exactly what we sent; a create is never resent when its page already exists.
 */
export async function writeWithRecovery<T>(http: RestHttp, w: WriteRecovery<T>): Promise<T> {
  let ambiguous = false;
  for (let attempt = 0; ; attempt++) {
    try {
      return await w.send(attempt);
    } catch (err) {
      if (err instanceof ConflictError && ambiguous && w.adoptOnConflict) {
        const adopted = await w.adoptOnConflict();
        if (adopted !== undefined) {
          http.logger.log('info', `${w.what}: an earlier attempt had already applied; conflict resolved as success`);
          return adopted;
        }
        throw err;
      }
      // A create whose lost attempt was not yet visible to the title lookup (Cloud is eventually
      // consistent) comes back as "title already exists": look once more before failing.
      if (ambiguous && w.adoptBeforeRetry && err instanceof HttpError && (err.status === 400 || err.status === 409)) {
        const adopted = await w.adoptBeforeRetry();
        if (adopted !== undefined) return adopted;
        throw err;
      }
      if (!isAmbiguous(err) || attempt >= http.maxRetries) throw err;
      ambiguous = true;
      http.logger.log('warn', `${w.what}: outcome unknown (${(err as Error).name}); checking before retrying`, { attempt: attempt + 1 });
      await http.clock.sleep(http.backoffMs(attempt + 1), w.signal);
      if (w.adoptBeforeRetry) {
        const adopted = await w.adoptBeforeRetry();
        if (adopted !== undefined) {
          http.logger.log('info', `${w.what}: the earlier attempt had created it; adopted instead of creating a duplicate`);
          return adopted;
        }
      }
    }
  }
}
