/**
 * Which documents the server serves, and as what: storage XHTML or ADF JSON. Language ids
 * come from the client, but editors other than VS Code rarely know ours, so file names
 * decide as well.
 */
import type { Format } from '../core/types';

export const STORAGE_LANGUAGE = 'confluence-storage';
export const ADF_LANGUAGE = 'confluence-adf';

/** The format of a document, or undefined when the server should leave it alone. */
export function formatOf(uri: string, languageId: string): Format | undefined {
  const path = uri.split(/[?#]/)[0].toLowerCase();
  if (languageId === STORAGE_LANGUAGE || path.endsWith('.storage.xhtml')) return 'storage';
  if (languageId === ADF_LANGUAGE || path.endsWith('.adf.json')) return 'adf';
  return undefined;
}
