/**
 * legacy-content: Legacy Content Macros, the wrapper Confluence Cloud puts around content its
 * editor could not convert. Offers to unwrap it into native nodes when the result is valid ADF.
 */
import { checkAdf } from '../adf/schema-check';
import { walkAdf } from '../adf/locate';
import type { AdfNode } from '../adf/tree';
import type { Fix } from '../types';
import type { Rule, RuleContext } from './rule';
import type { AdfDocument } from '../adf/tree';

const LCM_TYPE = 'com.atlassian.confluence.migration';
const LCM_KEY = 'legacy-content';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The wrapped document. The reference contract is a JSON string in `parameters.adf`; pages
 * read back from Cloud have also been seen with a `parameters.nestedContent` object.
 */
function innerDoc(node: AdfNode): { doc?: Json; problem?: string } {
  const params = node.attrs?.parameters;
  if (!isObject(params)) return { problem: 'it has no parameters' };
  let inner: unknown = params.nestedContent;
  if (typeof params.adf === 'string') {
    try {
      inner = JSON.parse(params.adf);
    } catch {
      return { problem: 'its "adf" parameter is not valid JSON' };
    }
  }
  if (!isObject(inner) || inner.type !== 'doc' || !Array.isArray(inner.content)) {
    return { problem: 'it holds no ADF document' };
  }
  return { doc: inner };
}

/** A copy of `json` where the node at `path` is replaced by `nodes` (copying only the path). */
function spliceAt(json: unknown, path: readonly (string | number)[], nodes: readonly unknown[]): unknown {
  if (path.length < 2) return json;
  const [key, index] = path;
  const obj = json as Json;
  const list = [...(obj[key as string] as unknown[])];
  if (path.length === 2) list.splice(index as number, 1, ...nodes);
  else list[index as number] = spliceAt(list[index as number], path.slice(2), nodes);
  return { ...obj, [key]: list };
}

/** The document's indentation unit ("  ", "\t", …), or undefined for compact JSON. */
function indentUnit(text: string): string | undefined {
  const m = /\n([ \t]+)\S/.exec(text);
  return m ? m[1] : undefined;
}

function unwrapText(doc: AdfDocument, node: AdfNode, nodes: readonly unknown[]): string {
  const unit = indentUnit(doc.text);
  if (unit === undefined) return nodes.map((n) => JSON.stringify(n)).join(',');
  const lineStart = doc.text.lastIndexOf('\n', node.start - 1) + 1;
  const lead = doc.text.slice(lineStart, node.start);
  const indent = /^[ \t]*$/.test(lead) ? lead : '';
  return nodes.map((n) => JSON.stringify(n, null, unit).replace(/\n/g, `\n${indent}`)).join(`,\n${indent}`);
}

function check(ctx: RuleContext<AdfDocument>, node: AdfNode): void {
  const { doc } = ctx;
  const base = { start: node.start, end: node.end };
  const { doc: inner, problem } = innerDoc(node);
  const nodes = (inner?.content ?? []) as unknown[];
  const what = 'Legacy Content Macro: content the Cloud editor could not convert';
  if (!inner) return ctx.report({ ...base, message: `${what}; cannot unwrap it: ${problem}` });
  if (nodes.length === 0) return ctx.report({ ...base, message: `${what}; it is empty` });
  if (node.content?.length) {
    // A bodied wrapper holds content of its own too; unwrapping the parameter alone would drop it.
    return ctx.report({ ...base, message: `${what}; it has a body as well as wrapped content: unwrap it by hand` });
  }
  const types = nodes.map((n) => (isObject(n) ? String(n.type) : '?')).join(', ');
  if (doc.errors.length > 0 || doc.json === undefined) {
    return ctx.report({ ...base, message: `${what} (${types}); fix the JSON syntax first to unwrap it` });
  }
  const issues = checkAdf(spliceAt(doc.json, node.path, nodes));
  if (issues.length > 0) {
    const first = issues[0];
    return ctx.report({
      ...base,
      message: `${what} (${types}); unwrapping it would be invalid ADF: ${first.message} at ${first.path.join('/') || 'the document'}`,
      data: { blockedBy: first.message },
    });
  }
  const fix: Fix = { start: node.start, end: node.end, text: unwrapText(doc, node, nodes) };
  ctx.report({ ...base, message: `${what} (${types}); it can be unwrapped into native nodes`, fix, fixTitle: 'Unwrap legacy content' });
}

const rule: Rule = {
  id: 'legacy-content',
  description: 'Legacy Content Macros: content wrapped because the Cloud editor could not convert it.',
  docs: [
    'When Confluence Cloud converts a page from the legacy editor (pages migrated from Server/Data Center start there),',
    'content it cannot represent natively is wrapped in a **Legacy Content Macro**: an ADF `extension` with',
    '`extensionType` `com.atlassian.confluence.migration` and `extensionKey` `legacy-content`, whose content is a',
    'whole ADF document serialised as a JSON string in `parameters.adf`. It renders a nested legacy editor: the',
    'content is harder to edit, is invisible to search and to tools that read the page\'s ADF, and keeps whatever',
    'made the conversion fail.',
    '',
    'The quick fix unwraps the macro: it replaces the extension node with the nodes of the wrapped document, but only',
    'when the whole page stays valid ADF (checked with the official schemas). When it would not, the finding says',
    'which node blocks it (typically a nested bodied macro, a table in a table cell, or a panel in a panel): restructure',
    'that content first, then unwrap.',
  ].join('\n'),
  defaultSeverity: 'warning',
  fixable: true,
  adf(ctx) {
    if (!ctx.doc.root) return;
    walkAdf(ctx.doc.root, (node) => {
      if (
        (node.type === 'extension' || node.type === 'bodiedExtension') &&
        node.attrs?.extensionType === LCM_TYPE &&
        node.attrs?.extensionKey === LCM_KEY
      ) {
        check(ctx, node);
      }
    });
  },
};

export default rule;
