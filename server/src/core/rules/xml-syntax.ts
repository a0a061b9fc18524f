/**
 * xml-syntax: what the parser could not read as well-formed storage. Confluence answers
 * 400 to a push with broken markup, and the Cloud converter drops what it cannot parse.
 */
import type { Rule } from './rule';

const rule: Rule = {
  id: 'xml-syntax',
  description: 'Markup that is not well-formed storage format (unclosed tags, bad entities, unquoted values).',
  docs: [
    'Storage format is XML with Confluence elements. Confluence rejects a page body that is not well-formed with HTTP 400,',
    'and the Cloud editor conversion drops what it cannot parse.',
    '',
    'This rule reports every syntax problem the tolerant parser recovered from: unclosed or mismatched tags,',
    'HTML void elements that are not self-closed (`<br>` instead of `<br/>`), unknown or bare `&`, unquoted attribute values,',
    'control characters that XML 1.0 forbids, and DOCTYPE declarations (whose entities are never expanded).',
    '',
    'Fix the markup by hand; the rule offers no automatic fix because the intended structure is ambiguous.',
  ].join('\n'),
  defaultSeverity: 'error',
  fixable: false,
  storage(ctx) {
    for (const e of ctx.doc.errors) ctx.report({ start: e.start, end: e.end, message: e.message });
  },
};

export default rule;
