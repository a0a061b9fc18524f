/**
 * Rewrites the legacy callout macros (info, tip, note, warning) and the panel macro as the
 * Cloud panel, in the `ac:adf-extension` form Cloud itself stores native panels in
 * (storage-format.md §3.1). No `ac:adf-fallback` is written: Cloud reads the node without it.
 *
 * The colour trap (§3.3): the macro names and the ADF panel types overlap but mean other
 * colours, so `note` (yellow) becomes `warning` and `warning` (red) becomes `error`.
 */
import type { Macro } from './macro';
import { param } from './macro';
import type { StorageDocument } from './tree';
import { escapeText, hasRegularShape, innerSource, rewrite, type Rewrite } from './storage-writer';
import { attr } from './walk';

/** Legacy callout macro → the ADF `panelType` that keeps its colour. */
export const CALLOUT_PANEL_TYPES: Readonly<Record<string, string>> = {
  info: 'info', // blue
  tip: 'success', // green
  note: 'warning', // yellow
  warning: 'error', // red
};

/** ADF panels have no title: Cloud demotes it to a bold first paragraph, and so do we. */
function titleParagraph(macro: Macro): string {
  const title = param(macro, 'title');
  const value = title?.value.trim() ?? '';
  return value ? `<p><strong>${escapeText(value)}</strong></p>` : '';
}

/** The panel rewrite; `attributes` (read from the macro's parameters) is asked for only when the fix is built. */
function panelRewrite(doc: StorageDocument, macro: Macro, attributes: () => Readonly<Record<string, string>>, title: string): Rewrite {
  const body = macro.richBody;
  if (!hasRegularShape(doc.text, macro, body)) return { reason: 'the macro holds content outside its body, which a rewrite would lose' };
  return rewrite(title, macro.element, () => {
    let content = titleParagraph(macro) + (body ? innerSource(doc.text, body) : '');
    // A panel needs at least one block; an empty macro gets an empty paragraph.
    if (content.trim() === '') content = '<p />';
    // Cloud-authored macros carry a local id; keeping it keeps inline comments and links to it.
    const localId = attr(macro.element, 'ac:local-id');
    const attributeValues = attributes();
    let attrs = '';
    for (const key in attributeValues) attrs += `<ac:adf-attribute key="${key}">${escapeText(attributeValues[key])}</ac:adf-attribute>`;
    if (localId) attrs += `<ac:adf-attribute key="local-id">${escapeText(localId)}</ac:adf-attribute>`;
    return `<ac:adf-extension><ac:adf-node type="panel">${attrs}<ac:adf-content>${content}</ac:adf-content></ac:adf-node></ac:adf-extension>`;
  });
}

/** info/tip/note/warning → Cloud panel of the same colour; the title becomes a bold first paragraph. */
export function calloutToPanel(doc: StorageDocument, macro: Macro): Rewrite {
  const panelType = Object.prototype.hasOwnProperty.call(CALLOUT_PANEL_TYPES, macro.name) ? CALLOUT_PANEL_TYPES[macro.name] : undefined;
  if (!panelType) return { reason: `"${macro.name}" is not a callout macro` };
  return panelRewrite(doc, macro, () => ({ 'panel-type': panelType }), `Convert to ${panelType} panel`);
}

/** Panel macro parameters that have an ADF panel attribute (kebab-case, as `ac:adf-attribute` keys are). */
const PANEL_PARAMS: readonly [string, string][] = [
  ['bgColor', 'panel-color'],
  ['panelIcon', 'panel-icon'],
  ['panelIconId', 'panel-icon-id'],
  ['panelIconText', 'panel-icon-text'],
];

/**
 * panel → custom Cloud panel with the macro's `bgColor` as `panel-color` (and Cloud's panel
 * icon parameters as icon attributes). Borders and title colours have no ADF counterpart and
 * are dropped; a panel without `bgColor` stays uncoloured.
 */
export function panelToCustomPanel(doc: StorageDocument, macro: Macro): Rewrite {
  const attributes = () => {
    const values: Record<string, string> = { 'panel-type': 'custom' };
    for (const [name, key] of PANEL_PARAMS) {
      const value = param(macro, name)?.value.trim();
      if (value) values[key] = value;
    }
    return values;
  };
  return panelRewrite(doc, macro, attributes, 'Convert to custom panel (borders and title colours are dropped)');
}
