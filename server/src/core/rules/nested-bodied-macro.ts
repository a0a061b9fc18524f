/**
 * nested-bodied-macro: nestings the Cloud editor cannot represent. Each storage construct is
 * mapped to the ADF node it becomes (storage/adf-kind.ts), and the official ADF schema decides
 * whether its ADF parent may hold it (adf/nesting.ts): no hand-written list of bad pairs.
 */
import { jsonStringAt } from '../adf/json-value';
import { walkAdf } from '../adf/locate';
import { canContain } from '../adf/nesting';
import { adfSchema } from '../adf/pm-schema';
import { walkMisplacedAdfNodes } from '../storage/adf-kind';
import type { Rule } from './rule';

/** Node types the schema defines: unknown ones are adf-schema's to report, not a nesting problem. */
const isSchemaType = (type: string) => Object.hasOwn(adfSchema.nodes, type);

const LAYOUT_TYPES = new Set(['layoutSection', 'layoutColumn']);
const EXPAND_TYPES = new Set(['expand', 'nestedExpand']);
const LIST_TYPES = new Set(['listItem', 'bulletList', 'orderedList']);

/** A restructuring hint for the message; the converter does the restructuring itself. */
function suggestion(parent: string, child: string): string {
  if (LAYOUT_TYPES.has(child)) return 'layouts exist only at the top level of a page: move the columns out to the top level, or drop them';
  if (EXPAND_TYPES.has(child) && EXPAND_TYPES.has(parent)) return 'expands nest only one level: flatten the innermost expand into its parent';
  if (child === 'table' && parent.startsWith('table')) return 'move the inner table after the outer one, or turn it into a list';
  if (LIST_TYPES.has(parent)) return 'end the list before it and continue the list after it';
  if (child === parent) return `merge it into the outer ${parent}, or move it after it`;
  return `move the ${child} out of the ${parent}`;
}

const rule: Rule = {
  id: 'nested-bodied-macro',
  description: 'Macros and blocks nested in a way the Cloud editor cannot represent (panel in panel, table in table, layouts in anything, …).',
  docs: [
    'The Cloud editor stores pages as ADF, whose schema says which node may contain which. The legacy editor nests',
    'anything in anything, so migrated pages often hold nestings that ADF cannot express. Atlassian\'s conversion to the',
    'Cloud editor refuses such pages (nested bodied macros are the main reason a page stays in the legacy editor), and a',
    'page that is converted anyway loses the inner structure.',
    '',
    'The rule maps every storage construct to the ADF node it becomes, then asks the official ADF schema',
    '(`@atlaskit/adf-schema`) whether the parent may hold the child. The mapping:',
    '',
    '| storage | ADF |',
    '|---|---|',
    '| `p`, `h1`–`h6`, `ul`, `ol`, `li`, `blockquote`, `pre` | paragraph, heading, bulletList, orderedList, listItem, blockquote, codeBlock |',
    '| `table`, `tr`, `th`, `td` | table, tableRow, tableHeader, tableCell |',
    '| `ac:layout-section`, `ac:layout-cell`; `section`, `column` macros | layoutSection, layoutColumn |',
    '| `ac:task-list`, `ac:task` | taskList, taskItem |',
    '| `code`, `noformat` macros | codeBlock |',
    '| `info`, `tip`, `note`, `warning`, `panel` macros; `ac:adf-node type="panel"` | panel |',
    '| `expand` macro | expand; nestedExpand directly inside a table cell or an expand (as Cloud stores it) |',
    '| other macros | bodiedExtension with a rich body, extension without (inlineExtension inside text) |',
    '',
    'Wrappers (`ac:rich-text-body`, `ac:layout`, `ac:adf-extension`, `ac:adf-content`, `div`, `span`, `tbody`) pass their',
    'children through to their own parent, and a block inside a paragraph counts as a child of the paragraph\'s parent,',
    'where the Cloud editor lifts it.',
    '',
    'Reported, for example: a panel in a panel; an expand in an expand in an expand (one level of nesting is fine: the inner',
    'one becomes a nestedExpand); a layout, section or column anywhere but the top level; a table in a table; a panel, table,',
    'heading or expand in a list item; a bodied macro in a bodied macro (`details` in `excerpt`).',
    '',
    'Not reported: a code block in a panel; a panel, expand or code block in a table cell; a table in an expand; any bodied',
    'macro directly in a layout column.',
    '',
    'ADF documents are checked too: wherever the schema forbids a node directly inside its parent, the rule reports the',
    'inner node (on its `"type"` value) with the same data and hint. `adf-schema` reports the same node as invalid ADF;',
    'this rule adds the migration view of it. Node types the schema does not know are left to `adf-schema`, and a',
    'document the schema accepts never gets this rule.',
    '',
    'The default severity is `warning`: the page still works in the legacy editor, but it cannot move to the Cloud',
    'editor as it is.',
    '',
    'The problem is reported on the inner construct, with `parent` and `child` (ADF types) in its data. There is no quick',
    'fix: restructuring is a judgement call (or the converter\'s job). Move the inner block out of its parent, flatten it,',
    'or turn it into something the parent can hold.',
  ].join('\n'),
  defaultSeverity: 'warning',
  fixable: false,
  storage(ctx) {
    walkMisplacedAdfNodes(ctx.doc, (p) => {
      const el = p.element;
      ctx.report({
        start: el.start,
        end: el.startTagEnd,
        message: `The Cloud editor does not allow ${p.type} inside ${p.parentType}: ${suggestion(p.parentType, p.type)}.`,
        data: { parent: p.parentType, child: p.type },
      });
    });
  },
  adf(ctx) {
    const { text, root } = ctx.doc;
    if (!root) return;
    walkAdf(root, (node) => {
      const parent = node.parent;
      if (!parent || !isSchemaType(parent.type) || !isSchemaType(node.type) || canContain(parent.type, node.type)) return;
      const at = jsonStringAt(text, node.start, ['type'], node.type, node.content?.at(-1)?.end) ?? node;
      ctx.report({
        start: at.start,
        end: at.end,
        message: `The Cloud editor does not allow ${node.type} inside ${parent.type}: ${suggestion(parent.type, node.type)}.`,
        data: { parent: parent.type, child: node.type },
      });
    });
  },
};

export default rule;
