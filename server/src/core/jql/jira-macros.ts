/**
 * The Jira issues macros of a page and where their JQL is: `jira` (`jqlQuery`, or `key` for a
 * single issue) and the old `jiraissues` (`jqlQuery`, or a search-request URL in `url` or the
 * default parameter whose query string holds `jqlQuery=`). Both macro elements count
 * (`ac:structured-macro` and the 4.x-era `ac:macro`).
 */
import { asMacro, macrosOf, param, type Macro, type MacroParam } from '../storage/macro';
import type { StorageDocument } from '../storage/tree';
import { parseJql, type ParsedJql } from './parse';
import { elementText, urlQueryParameter, type MappedText } from './mapped-text';

export const JIRA_MACRO_NAMES: ReadonlySet<string> = new Set(['jira', 'jiraissues']);

export interface JqlSource {
  /** The parameter holding the JQL (or the URL that holds it). */
  readonly param: MacroParam;
  /** The decoded JQL, each character mapped to the page. */
  readonly text: MappedText;
  /** True when the JQL was read out of a search URL (`jiraissues`). */
  readonly fromUrl: boolean;
  readonly parsed: ParsedJql;
}

export interface JiraMacro {
  readonly macro: Macro;
  /** The `key` parameter of a single-issue macro; it wins over any query. */
  readonly key: MacroParam | undefined;
  /** The query to check; undefined for single-issue macros and macros without JQL. */
  readonly jql: JqlSource | undefined;
}

// Five rules ask for the same page's macros in one lint; documents are immutable, so the
// answer (JQL parses included) is kept for as long as the document lives.
const byDocument = new WeakMap<StorageDocument, readonly JiraMacro[]>();

/** Every Jira macro of the page, in document order (content of `ac:adf-fallback` excluded). */
export function jiraMacros(doc: StorageDocument): readonly JiraMacro[] {
  let macros = byDocument.get(doc);
  if (!macros) {
    macros = findJiraMacros(doc);
    byDocument.set(doc, macros);
  }
  return macros;
}

function findJiraMacros(doc: StorageDocument): JiraMacro[] {
  const out: JiraMacro[] = [];
  // Both macro names contain "jira": a page without it has no Jira macro to look at.
  if (doc.text.indexOf('jira') < 0) return out;
  const { elements, names } = macrosOf(doc);
  for (let i = 0; i < elements.length; i++) {
    if (!JIRA_MACRO_NAMES.has(names[i])) continue;
    const macro = asMacro(elements[i])!;
    const key = param(macro, 'key');
    out.push({ macro, key, jql: key && key.value.trim() !== '' ? undefined : jqlOf(doc.text, macro) });
  }
  return out;
}

function jqlOf(source: string, macro: Macro): JqlSource | undefined {
  const query = param(macro, 'jqlQuery');
  if (query) return withParse(query, elementText(source, query.element), false);
  if (macro.name !== 'jiraissues') return undefined;
  const url = param(macro, 'url') ?? param(macro, '');
  if (!url) return undefined;
  const jql = urlQueryParameter(elementText(source, url.element), 'jqlQuery');
  return jql ? withParse(url, jql, true) : undefined;
}

function withParse(p: MacroParam, text: MappedText, fromUrl: boolean): JqlSource | undefined {
  if (text.value.trim() === '') return undefined;
  return { param: p, text, fromUrl, parsed: parseJql(text.value) };
}
