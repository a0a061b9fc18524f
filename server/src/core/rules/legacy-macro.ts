/**
 * legacy-macro: macros that exist only in the legacy editor (the `legacyMacros` setting), with
 * quick fixes that rewrite the common ones as their Cloud-editor construct.
 */
import type { StorageDocument, XmlElement } from '../storage/tree';
import { adfMacros } from '../storage/adf-macro-node';
import { sectionOfColumn, sectionToLayout } from '../storage/layout-fix';
import { asMacro, macrosOf, type Macro } from '../storage/macro';
import { noformatToCode } from '../storage/noformat-fix';
import { calloutToPanel, panelToCustomPanel } from '../storage/panel-fix';
import { REWRITE_EXPANSION, REWRITE_OVERHEAD, type Rewrite } from '../storage/storage-writer';
import type { Fix } from '../types';
import type { Rule } from './rule';

/**
 * Each fix copies the macro's whole content, so nested macros copy the same text again at every
 * level: deep nesting would cost quadratic memory. Past this many characters of fix text per
 * character of page, the remaining (inner) macros get their fix once the outer ones are applied.
 */
const FIX_BUDGET_PER_CHAR = 8;
const MIN_FIX_BUDGET = 1 << 20;

/** The rewrites of one page; a section's rewrite is computed once and shared with its columns. */
function rewriter(doc: StorageDocument): (macro: Macro) => Rewrite | undefined {
  const layouts = new Map<XmlElement, Rewrite>();
  const layoutOf = (section: Macro) => {
    let rewrite = layouts.get(section.element);
    if (!rewrite) layouts.set(section.element, (rewrite = sectionToLayout(doc, section)));
    return rewrite;
  };
  return (macro) => {
    switch (macro.name) {
      case 'section':
        return layoutOf(macro);
      case 'column': {
        const section = sectionOfColumn(macro);
        return section ? layoutOf(section) : { reason: 'the column is not inside a section, so there is no layout to build' };
      }
      case 'noformat':
        return noformatToCode(doc, macro);
      case 'info':
      case 'tip':
      case 'note':
      case 'warning':
        return calloutToPanel(doc, macro);
      case 'panel':
        return panelToCustomPanel(doc, macro);
      default:
        return undefined;
    }
  };
}

/** An upper bound of the fix text the page's rewrites can produce (each shared rewrite counted once). */
function mostFixText(found: readonly { readonly rewrite: Rewrite | undefined }[]): number {
  const seen = new Set<Rewrite>();
  let most = 0;
  for (const { rewrite } of found) {
    if (!rewrite || !('fix' in rewrite) || seen.has(rewrite)) continue;
    seen.add(rewrite);
    most += REWRITE_EXPANSION * (rewrite.end - rewrite.start) + REWRITE_OVERHEAD;
  }
  return most;
}

const hasOwn = (record: object, key: string) => Object.prototype.hasOwnProperty.call(record, key);

const rule: Rule = {
  id: 'legacy-macro',
  description: 'Macros that exist only in the legacy editor, with their Cloud-editor equivalent.',
  docs: [
    'Pages migrated from Server/Data Center land in the legacy editor. Some macros exist only there: the Cloud editor',
    'cannot insert them, and converting the page turns them into something else or nothing. The list is the',
    '`legacyMacros` setting (macro name → Cloud-editor equivalent); extend or trim it in `.confluence-triage.json`',
    'with `{"legacyMacros": {"add": {"my-macro": "…"}, "remove": ["info"]}}`. The problem is reported on the macro\'s',
    'start tag, with `macro` and `equivalent` in its data. ADF documents are checked too: an extension node of type',
    '`com.atlassian.confluence.macro.core` whose `extensionKey` is on the list (no quick fix there).',
    '',
    '## Quick fixes',
    '',
    'Every fix keeps every piece of text of the original, in order; macro parameters that have no Cloud counterpart are',
    'dropped.',
    '',
    '- **section / column → layout.** `<ac:layout><ac:layout-section ac:type="…">` with one `ac:layout-cell` per column;',
    '  column bodies move into the cells, and anything between the columns goes into the cell before it (the empty',
    '  `auto-cursor-target` paragraphs the legacy editor adds are dropped). The `ac:type` is the classic layout whose',
    '  widths are closest to the columns\' `width` parameters (px or %; missing widths share what is left):',
    '  1 column → `single`; 2 → `two_equal` (50/50), `two_left_sidebar` (33/66) or `two_right_sidebar` (66/33);',
    '  3 → `three_equal` or `three_with_sidebars` (25/50/25). The section\'s `border` is dropped.',
    '  A column is fixed together with its section (both problems offer the same fix). There is no fix for a section with',
    '  more than three columns (Cloud has 4- and 5-column layouts, but their storage names are not documented, so we do',
    '  not guess; split the section by hand), nor for a section that is not at the top level of the page: the Cloud',
    '  editor allows layouts nowhere else, and the message says so.',
    '- **noformat → code block** without a language. The plain-text body is copied exactly, CDATA sections included',
    '  (a `]]>` in the content stays split across two sections); `nopanel` is dropped.',
    '- **info / tip / note / warning → panel**, written as Cloud stores native panels',
    '  (`<ac:adf-extension><ac:adf-node type="panel">`). Mind the colours: the names overlap but do not match.',
    '  `info` → `info` (blue), `tip` → `success` (green), `note` → `warning` (yellow), `warning` → `error` (red).',
    '  A `title` becomes a bold first paragraph (ADF panels have no title; Cloud does the same on its first save);',
    '  `icon` is dropped.',
    '- **panel → custom panel** with `panel-color` = the macro\'s `bgColor` (no colour when it has none), and the icon',
    '  parameters Cloud itself writes (`panelIcon`, `panelIconId`, `panelIconText`) as icon attributes. The title becomes',
    '  a bold first paragraph; borders (`borderStyle`, `borderColor`, `borderWidth`) and title colours (`titleBGColor`,',
    '  `titleColor`) have no Cloud counterpart and are dropped.',
    '- Panels keep the macro\'s `ac:local-id` as their `local-id`.',
    '- Other macros on the list get no automatic fix; the message names the equivalent.',
    '',
    'A macro that holds anything besides its parameters and its body (stray text between them, a second body) gets no',
    'fix, because the rewrite would lose it. Each fix copies the macro\'s whole content, so on pathologically deep',
    'nestings (thousands of levels) only the outer macros get a fix at first; the inner ones get theirs once those are',
    'applied.',
  ].join('\n'),
  defaultSeverity: 'warning',
  fixable: true,
  storage(ctx) {
    const { doc, config } = ctx;
    const { elements, names } = macrosOf(doc);
    let rewriteOf: ReturnType<typeof rewriter> | undefined;
    const found: { readonly el: XmlElement; readonly name: string; readonly rewrite: Rewrite | undefined }[] = [];
    for (let i = 0; i < elements.length; i++) {
      // Look at the name first: a full macro view is only worth building for listed macros.
      if (!hasOwn(config.legacyMacros, names[i])) continue;
      const macro = asMacro(elements[i])!;
      rewriteOf ??= rewriter(doc);
      found.push({ el: elements[i], name: macro.name, rewrite: rewriteOf(macro) });
    }
    if (found.length === 0) return;
    const budget = Math.max(MIN_FIX_BUDGET, FIX_BUDGET_PER_CHAR * doc.text.length);
    // Fix texts are built only when read, unless they could exceed the budget: then each one is
    // built here, in order, to find where the budget runs out (pathological nestings only).
    const fitsBudget = mostFixText(found) <= budget;
    let left = budget;
    let counted: Set<Fix> | undefined; // columns share their section's fix: count it once
    for (const { el, name, rewrite: planned } of found) {
      let rewrite = planned;
      if (!fitsBudget && rewrite && 'fix' in rewrite) {
        const fix = rewrite.fix();
        if (!(counted ??= new Set()).has(fix)) {
          counted.add(fix);
          left -= fix.text.length;
          if (left < 0) rewrite = { reason: 'too many nested rewrites in this page; apply the fixes around this macro first' };
        }
      }
      const equivalent = config.legacyMacros[name];
      const message = `"${name}" exists only in the legacy editor; Cloud-editor equivalent: ${equivalent}.`;
      const data = { macro: name, equivalent };
      if (rewrite && 'fix' in rewrite) ctx.report({ start: el.start, end: el.startTagEnd, message, fix: rewrite.fix, fixTitle: rewrite.title, data });
      else if (rewrite) ctx.report({ start: el.start, end: el.startTagEnd, message: `${message} No automatic fix: ${rewrite.reason}.`, data });
      else ctx.report({ start: el.start, end: el.startTagEnd, message, data });
    }
  },
  adf(ctx) {
    for (const macro of adfMacros(ctx.doc.text, ctx.doc.root)) {
      if (!hasOwn(ctx.config.legacyMacros, macro.name)) continue;
      const equivalent = ctx.config.legacyMacros[macro.name];
      ctx.report({
        start: macro.start,
        end: macro.end,
        message: `"${macro.name}" exists only in the legacy editor; Cloud-editor equivalent: ${equivalent}.`,
        data: { macro: macro.name, equivalent },
      });
    }
  },
};

export default rule;
