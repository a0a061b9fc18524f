/**
 * The read-only material beside the repository (`../shared`): the real-page corpus and the
 * official OpenAPI specs. Resolved from this file so tests work wherever the clone lives.
 */
import { resolve } from 'node:path';

export const SHARED = resolve(__dirname, '../../../shared');
export const CORPUS = resolve(SHARED, 'corpus');
