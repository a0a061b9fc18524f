/**
 * The Jira issues macros of an ADF document: `extension`/`inlineExtension` nodes of the
 * Confluence macro type with extensionKey `jira` or `jiraissues`, whose parameters sit under
 * `parameters.macroParams.<name>.value` (`macroparams` in older documents). The ADF
 * counterpart of jira-macros.ts, with each parameter mapped to its JSON string literal.
 */
import { jsonStringAt, jsonValueAt } from '../adf/json-value';
import { jsonStringText } from '../adf/json-string-text';
import type { AdfDocument, AdfNode } from '../adf/tree';
import { adfMacros } from '../storage/adf-macro-node';
import { JIRA_MACRO_NAMES } from './jira-macros';
import { urlQueryParameter, type MappedText } from './mapped-text';
import { parseJql, type ParsedJql } from './parse';

const JIRA_NODES = new Set(['extension', 'inlineExtension']);

export interface AdfMacroParam {
  readonly name: string;
  readonly value: string;
  /** Offsets of the value's string literal, quotes included. */
  readonly start: number;
  readonly end: number;
  /** The decoded value, mapped to the characters inside the literal. */
  readonly text: MappedText;
  /** End of the parameter's own object (`{"value": …}`), for inserting a sibling parameter after it. */
  readonly objectEnd: number;
}

export interface AdfJqlSource {
  readonly param: AdfMacroParam;
  readonly text: MappedText;
  readonly fromUrl: boolean;
  readonly parsed: ParsedJql;
}

export interface AdfJiraMacro {
  readonly node: AdfNode;
  readonly name: string;
  /** Offsets of the `extensionKey` value: where findings about the whole macro go. */
  readonly start: number;
  readonly end: number;
  /** A parameter by name, when it is a string the text locates. */
  param(name: string): AdfMacroParam | undefined;
  readonly key: AdfMacroParam | undefined;
  readonly jql: AdfJqlSource | undefined;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The parameter object's key: `macroParams` as Cloud writes it, `macroparams` in older ADF. */
function paramsKey(node: AdfNode): 'macroParams' | 'macroparams' | undefined {
  const parameters = node.attrs?.parameters;
  if (!isObject(parameters)) return undefined;
  if (isObject(parameters.macroParams)) return 'macroParams';
  if (isObject(parameters.macroparams)) return 'macroparams';
  return undefined;
}

function paramOf(text: string, node: AdfNode, key: string, name: string): AdfMacroParam | undefined {
  const holder = (node.attrs!.parameters as Record<string, Record<string, unknown>>)[key];
  const entry = Object.hasOwn(holder, name) ? holder[name] : undefined;
  if (!isObject(entry) || typeof entry.value !== 'string') return undefined;
  const path = ['attrs', 'parameters', key, name];
  const literal = jsonStringAt(text, node.start, [...path, 'value'], entry.value);
  const object = jsonValueAt(text, node.start, path);
  if (!literal || !object) return undefined;
  return { name, value: entry.value, start: literal.start, end: literal.end, text: jsonStringText(text, literal.start, literal.end), objectEnd: object.end };
}

function withParse(param: AdfMacroParam, text: MappedText, fromUrl: boolean): AdfJqlSource | undefined {
  if (text.value.trim() === '') return undefined;
  return { param, text, fromUrl, parsed: parseJql(text.value) };
}

function jqlOf(name: string, param: (n: string) => AdfMacroParam | undefined): AdfJqlSource | undefined {
  const query = param('jqlQuery');
  if (query) return withParse(query, query.text, false);
  if (name !== 'jiraissues') return undefined;
  const url = param('url') ?? param('');
  if (!url) return undefined;
  const jql = urlQueryParameter(url.text, 'jqlQuery');
  return jql ? withParse(url, jql, true) : undefined;
}

// Five rules ask for the same document's macros in one lint; documents are immutable.
const byDocument = new WeakMap<AdfDocument, readonly AdfJiraMacro[]>();

/** Every Jira issues macro of the ADF document, in document order. */
export function adfJiraMacros(doc: AdfDocument): readonly AdfJiraMacro[] {
  let macros = byDocument.get(doc);
  if (!macros) {
    macros = findAdfJiraMacros(doc);
    byDocument.set(doc, macros);
  }
  return macros;
}

function findAdfJiraMacros(doc: AdfDocument): AdfJiraMacro[] {
  const out: AdfJiraMacro[] = [];
  for (const macro of adfMacros(doc.text, doc.root)) {
    if (!JIRA_MACRO_NAMES.has(macro.name) || !JIRA_NODES.has(macro.node.type)) continue;
    const key = paramsKey(macro.node);
    const cache = new Map<string, AdfMacroParam | undefined>();
    const param = (name: string) => {
      if (!key) return undefined;
      if (!cache.has(name)) cache.set(name, paramOf(doc.text, macro.node, key, name));
      return cache.get(name);
    };
    const issueKey = param('key');
    out.push({
      node: macro.node,
      name: macro.name,
      start: macro.start,
      end: macro.end,
      param,
      key: issueKey,
      jql: issueKey && issueKey.value.trim() !== '' ? undefined : jqlOf(macro.name, param),
    });
  }
  return out;
}
