/**
 * Macros → ADF. Macros with a native node (code, panels, expand, status, section/column) get
 * it; every other macro becomes an extension node that keeps its name and parameters, which
 * is how Cloud itself stores macros it renders through the macro framework.
 */
import type { MacroParam } from '../storage/macro';
import { builtInMacro } from '../storage/macro-catalog';
import { CONFLUENCE_MACRO_EXTENSION } from '../storage/adf-macro-node';
import { node, titleParagraph, type AdfJson, type AdfMark } from './adf-json';
import { codeText, valueIn, type Converter } from './converter';
import { convertSection } from './layouts';
import { macroParam as param, type MacroView } from './macro-view';
import type { Sink } from './sinks';
import { own, ownRecord } from '../own';

/** Legacy callout macros and the ADF panel type Cloud gives them (mind: note is yellow, warning red). */
export const PANEL_TYPES: Readonly<Record<string, string>> = { info: 'info', tip: 'success', note: 'warning', warning: 'error' };

const STATUS_COLOURS: Readonly<Record<string, string>> = {
  grey: 'neutral',
  gray: 'neutral',
  red: 'red',
  yellow: 'yellow',
  green: 'green',
  blue: 'blue',
  purple: 'purple',
};

export function convertMacro(cv: Converter, macro: MacroView, sink: Sink, marks: readonly AdfMark[]): void {
  const el = macro.element;
  const name = macro.name;
  const title = param(macro, 'title')?.value.trim();
  const body = () => richBlocks(cv, macro, marks);
  const titled = (blocks: AdfJson[]) => (title ? [titleParagraph(title), ...blocks] : blocks);

  if (name === 'code' || name === 'noformat') {
    const language = name === 'code' ? (param(macro, 'language') ?? param(macro, ''))?.value.trim() : undefined;
    if (title) cv.finding(el, 'code-title', 'approximated', `the code block title "${title}" has no place in the Cloud editor and is dropped`);
    const text = macro.plainBody ? cv.text(macro.plainBody) : '';
    return sink.block(cv.from(el, node('codeBlock', language ? { language } : {}, codeText(text))));
  }
  const panelType = own(PANEL_TYPES, name);
  if (panelType) return sink.block(cv.from(el, node('panel', { panelType }, titled(body()))));
  if (name === 'panel') {
    const color = param(macro, 'bgColor')?.value.trim();
    const attrs: Record<string, unknown> = color ? { panelType: 'custom', panelColor: color } : { panelType: 'info' };
    for (const key of ['panelIcon', 'panelIconId', 'panelIconText']) {
      const v = param(macro, key)?.value;
      if (v) attrs[key] = v;
    }
    if (macro.params.some((p) => /^border|^title(BG)?Color$/.test(p.name))) {
      cv.finding(el, 'panel-styling', 'approximated', 'panel borders and title colours have no Cloud equivalent and are dropped');
    }
    return sink.block(cv.from(el, node('panel', attrs, titled(body()))));
  }
  if (name === 'expand') return sink.block(cv.from(el, node('expand', { title: title ?? '' }, body())));
  if (name === 'status') return statusNode(cv, macro, sink);
  if (name === 'section') return convertSection(cv, macro, sink);
  if (name === 'column') return cv.children(macro.richBody ?? el, sink, marks);
  extension(cv, macro, sink, marks);
}

/** The blocks of every rich-text body: some macros (details) were seen with more than one. */
function richBlocks(cv: Converter, macro: MacroView, marks: readonly AdfMark[]): AdfJson[] {
  return macro.richBodies.flatMap((body) => cv.blocks(body, marks));
}

function statusNode(cv: Converter, macro: MacroView, sink: Sink): void {
  const colour = (param(macro, 'colour')?.value ?? param(macro, 'color')?.value ?? 'Grey').trim().toLowerCase();
  const color = own(STATUS_COLOURS, colour) ?? 'neutral';
  let text = param(macro, 'title')?.value.trim() ?? '';
  if (!text) {
    text = colour.toUpperCase();
    cv.finding(macro.element, 'empty-status', 'approximated', 'a status without a title needs text in the Cloud editor: the colour name is used');
  }
  const style = param(macro, 'subtle')?.value === 'true' ? 'subtle' : '';
  sink.inline(cv.from(macro.element, node('status', { text, color, localId: cv.localId(), style })));
}

/** A parameter's value as Cloud keeps it: text, or the key of the resource it holds. */
function paramValue(p: MacroParam): string {
  for (const r of p.element.elements) {
    const a = r.attributes;
    const key =
      valueIn(a, 'ri:content-title') ?? valueIn(a, 'ri:space-key') ?? valueIn(a, 'ri:account-id') ?? valueIn(a, 'ri:userkey') ?? valueIn(a, 'ri:filename') ?? valueIn(a, 'ri:value');
    if (key !== undefined) return key;
  }
  // The parameter's own decoded text, shared with `param(...).value` (title) reads.
  return p.value;
}

function extension(cv: Converter, macro: MacroView, sink: Sink, marks: readonly AdfMark[]): void {
  const el = macro.element;
  const macroParams = ownRecord<{ value: string }>();
  for (const p of macro.params) macroParams[p.name === '' ? '' : p.name] = { value: paramValue(p) };
  if (macro.name === 'jira' || macro.name === 'jiraissues') mapJiraServer(cv, macroParams);
  if (macro.plainBody) macroParams.__bodyContent = { value: cv.text(macro.plainBody) };
  const macroId = valueIn(macro.attributes, 'ac:macro-id');
  const parameters = {
    macroParams,
    macroMetadata: {
      macroId: { value: macroId ?? cv.localId() },
      schemaVersion: { value: valueIn(macro.attributes, 'ac:schema-version') ?? '1' },
      title: builtInMacro(macro.name)?.title ?? macro.name,
    },
  };
  const localId = macroId ?? cv.localId();
  const extensionKey = macro.name || 'unknown';
  if (macro.richBody) {
    const attrs = { extensionType: CONFLUENCE_MACRO_EXTENSION, extensionKey, parameters, localId, layout: 'default' };
    return sink.block(cv.from(el, node('bodiedExtension', attrs, richBlocks(cv, macro, marks))));
  }
  if (sink.inText) return sink.inline(cv.from(el, node('inlineExtension', { extensionType: CONFLUENCE_MACRO_EXTENSION, extensionKey, parameters, localId })));
  sink.block(cv.from(el, node('extension', { extensionType: CONFLUENCE_MACRO_EXTENSION, extensionKey, parameters, localId, layout: 'default' })));
}

/** Points a Jira macro at the Cloud site's application link when the configuration maps it. */
function mapJiraServer(cv: Converter, params: Record<string, { value: string }>): void {
  const servers = cv.config.jiraServers;
  const target = servers[params.serverId?.value ?? ''] ?? servers[params.server?.value ?? ''];
  if (!target) return;
  params.serverId = { value: target.serverId };
  if (target.server) params.server = { value: target.server };
}
