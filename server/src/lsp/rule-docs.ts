/**
 * Where a rule's documentation lives: `docs/rules/<id>.md` shipped beside `dist/`, linked
 * as a `file://` URI so it opens offline in any editor.
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ruleById } from '../core/rules/index';

/** The bundled server runs from `dist/`, so the docs folder is its sibling. */
const DOCS_DIR = path.resolve(__dirname, '../docs/rules');

const cache = new Map<string, string | undefined>();

/** The doc page URI of a registered rule, or undefined for anything else. */
export function ruleDocsHref(ruleId: string): string | undefined {
  if (!cache.has(ruleId)) {
    cache.set(ruleId, ruleById(ruleId) ? pathToFileURL(path.join(DOCS_DIR, `${ruleId}.md`)).href : undefined);
  }
  return cache.get(ruleId);
}
