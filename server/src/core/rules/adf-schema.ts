/**
 * adf-schema: whatever Atlassian's own ADF schemas reject (ProseMirror schema and the
 * published JSON schema), on the innermost offending node. Cloud refuses such a body with
 * 400 "Error converting ADF to storage format", or the editor drops what it cannot load.
 */
import { checkAdfDocument } from '../adf/schema-check';
import { innermostAt } from '../adf/locate';
import type { Rule } from './rule';

const rule: Rule = {
  id: 'adf-schema',
  description: 'ADF that Atlassian\'s schema rejects: unknown nodes or marks, forbidden nesting, bad attributes, invalid JSON.',
  docs: [
    'Confluence Cloud stores a page written in the Cloud editor as ADF (Atlassian Document Format). A body sent as',
    '`atlas_doc_format` that is not valid ADF is rejected with HTTP 400 ("Error converting ADF to storage format"),',
    'and content the editor cannot load is shown as an "unsupported content" block.',
    '',
    'This rule validates the document with both official schemas from `@atlaskit/adf-schema`: the ProseMirror schema',
    'the editor itself uses (content expressions: which node may contain which, allowed marks) and the published JSON',
    'schema `json-schema/v1/full.json` (attribute values, required properties, `version`). Each finding sits on the',
    'innermost node the schemas reject, with the schema\'s reason. Invalid JSON, text that is not an ADF `doc`, and',
    'documents nested too deep to check are reported here too.',
    '',
    'Typical causes after a migration: a panel inside a panel, an expand inside an expand (the inner one must be a',
    '`nestedExpand`), a table inside a table cell, a layout anywhere but the top level, marks on code block text.',
    'Fix by moving the offending node out of its parent, or by changing its type to one the parent accepts.',
  ].join('\n'),
  defaultSeverity: 'error',
  fixable: false,
  adf(ctx) {
    const { doc } = ctx;
    for (const e of doc.errors) ctx.report({ start: e.start, end: e.end, message: e.message });
    if (!doc.root || doc.json === undefined) return;
    const seen = new Set<string>();
    for (const issue of checkAdfDocument(doc)) {
      const at = innermostAt(doc.root, issue.path);
      // Both schemas often reject the same node; one finding per node and check is enough.
      const key = `${at.start}:${at.end}`;
      if (issue.source === 'json-schema' && seen.has(key)) continue;
      seen.add(key);
      ctx.report({
        start: at.start,
        end: at.end,
        message: `${issue.message} (${issue.source === 'prosemirror' ? 'ProseMirror schema' : 'JSON schema'})`,
        data: { source: issue.source, path: issue.path.join('/') },
      });
    }
  },
};

export default rule;
