/**
 * Storage → ADF conversion, the public entry point. Converts, fits the result to the
 * official schema, and checks it with both official validators; if anything still fails
 * (a bug, or input no rule anticipated), the offending node is replaced by paragraphs of its
 * text, so the output is always valid ADF and never loses text. Never throws.
 */
import { checkAdf } from '../adf/schema-check';
import type { StorageDocument } from '../storage/tree';
import { adfText, paragraph, textNode, type AdfDoc, type AdfJson } from './adf-json';
import { Converter, type ConvertOptions } from './converter';
import type { ConversionFinding } from './findings';
import { isInlineAdfType as isInline } from '../storage/adf-kind';
import { Normalizer } from './normalize';

export type { ConvertOptions } from './converter';
export type { ConversionFinding, FindingAction } from './findings';
export type { AdfDoc, AdfJson } from './adf-json';

export interface ConversionResult {
  readonly adf: AdfDoc;
  readonly findings: readonly ConversionFinding[];
}

export interface ConvertRunOptions extends ConvertOptions {
  /**
   * Check the result with both official schemas and repair what fails (default true).
   * Benchmarks turn it off to measure the conversion alone.
   */
  readonly validate?: boolean;
}

const MAX_REPAIRS = 50;

/** The node at a JSON path of the document, with its parent array and index. */
function locate(doc: AdfJson, path: readonly (string | number)[]): { list: AdfJson[]; index: number } | undefined {
  let current: unknown = doc;
  let found: { list: AdfJson[]; index: number } | undefined;
  for (let i = 0; i < path.length; i++) {
    const key = path[i];
    if (key === 'content' && typeof path[i + 1] === 'number') {
      const list = (current as AdfJson).content;
      const index = path[i + 1] as number;
      if (!list || !list[index]) break;
      found = { list, index };
      current = list[index];
      i++;
    } else break;
  }
  return found;
}

/**
 * Converts a parsed storage page to ADF. With `validate` (the default) the result is checked
 * once by each official schema and repaired node by node if either rejects it.
 */
export function convertStorageToAdf(doc: StorageDocument, options: ConvertRunOptions = {}): ConversionResult {
  const cv = new Converter(options, doc);
  const adf: AdfDoc = { type: 'doc', version: 1, content: [] };
  const unplaced = { start: 0, end: 0 };
  const normalizer = new Normalizer({
    sourceOf: (n) => cv.sources.get(n),
    report: (n, code, action, message, suggestion) => cv.finding(cv.sources.get(n) ?? unplaced, code, action, message, suggestion),
  });
  try {
    adf.content = cv.blocks(doc.root);
    normalizer.doc(adf);
  } catch (e) {
    cv.finding({ start: 0, end: 0 }, 'internal-error', 'restructured', `conversion failed (${(e as Error).message}): the page was kept as plain text`);
    adf.content = plainText(doc.root ? adfTextOfStorage(doc) : '');
  }
  return { adf: options.validate === false ? adf : repair(adf, cv, normalizer), findings: cv.findings };
}

function adfTextOfStorage(doc: StorageDocument): string {
  // Re-running the converter would fail the same way: fall back to the raw text runs.
  return doc.text.replace(/<!\[CDATA\[([^]*?)\]\]>/g, '$1').replace(/<[^>]*>/g, ' ');
}

function plainText(text: string): AdfJson[] {
  return text
    .split(/\n\s*\n/)
    .map((t) => t.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .map((t) => paragraph([textNode(t, [])]));
}

/**
 * Replaces what the official validators still reject by its text: a block by paragraphs,
 * an inline node by a text node, a text node by the same text without marks. The
 * normaliser then runs again, so a container emptied by a repair is filled validly.
 *
 * A valid page (every page the converter knows how to map) is checked once by each schema,
 * on the tree itself: the converter emits plain JSON values only, so the tree and its JSON
 * text get the same verdict, unless `jsonUnsafe` says otherwise. Each repair round checks a
 * fresh copy, because `checkAdf` caches its verdict per object and the repair mutates them.
 */
function repair(adf: AdfDoc, cv: Converter, normalizer: Normalizer): AdfDoc {
  let issues = checkAdf(cv.jsonUnsafe ? JSON.parse(JSON.stringify(adf)) : adf);
  if (issues.length === 0) return adf;
  for (let round = 0; round < MAX_REPAIRS; round++) {
    if (round > 0) issues = checkAdf(JSON.parse(JSON.stringify(adf)));
    if (issues.length === 0) return detached(adf);
    const at = locate(adf, issues[0].path);
    const subject = at ? at.list[at.index] : undefined;
    const source = (subject && cv.sources.get(subject)) ?? { start: 0, end: 0 };
    cv.finding(source, 'schema-repair', 'restructured', `the Cloud editor's schema rejected a ${subject?.type ?? 'node'} (${issues[0].message}): it was kept as plain text`);
    if (!at || !subject) break;
    const text = adfText(subject);
    if (subject.type === 'text') at.list[at.index] = textNode(subject.text ?? '', []);
    else if (isInline(subject.type)) at.list.splice(at.index, 1, ...(text ? [textNode(text, [])] : []));
    else at.list.splice(at.index, 1, ...plainText(text));
    normalizer.doc(adf);
  }
  if (checkAdf(JSON.parse(JSON.stringify(adf))).length > 0) {
    cv.finding({ start: 0, end: 0 }, 'schema-repair', 'restructured', 'the page could not be made valid node by node: it was kept as plain text');
    adf.content = plainText(adfText(adf));
  }
  if (adf.content.length === 0) adf.content.push(paragraph());
  return detached(adf);
}

/**
 * The repaired doc as new doc and top-level block objects: the ones checked before the
 * repair carry `checkAdf`'s cached verdict on what they held then.
 */
function detached(adf: AdfDoc): AdfDoc {
  return { type: 'doc', version: 1, content: adf.content.map((block) => ({ ...block })) };
}
