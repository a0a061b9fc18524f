/**
 * unknown-macro: macros that are not built into Confluence and not allowed by the
 * `allowedMacros` setting: user macros (which must be rebuilt as Forge apps) and app macros
 * (which need their app in Cloud).
 */
import type { ProblemData } from '../types';
import { adfMacros } from '../storage/adf-macro-node';
import { macrosOf } from '../storage/macro';
import { builtInMacro } from '../storage/macro-catalog';
import type { TriageConfig } from '../config';
import type { Rule } from './rule';

/** Macro names of apps often met in migrated content (storage-format.md §2.1), with the app. */
const MARKETPLACE_MACROS: Readonly<Record<string, string>> = {
  drawio: 'draw.io',
  'drawio-sketch': 'draw.io',
  'inc-drawio': 'draw.io',
  gliffy: 'Gliffy',
  plantuml: 'PlantUML',
  mathblock: 'LaTeX Math',
  mathinline: 'LaTeX Math',
  'mathblock-ref': 'LaTeX Math',
  'table-filter': 'Table Filter and Charts',
  'table-chart': 'Table Filter and Charts',
  'pivot-table': 'Table Filter and Charts',
  'table-excerpt': 'Table Filter and Charts',
  'table-excerpt-include': 'Table Filter and Charts',
  'table-transformer': 'Table Filter and Charts',
  'sv-translation': 'Scroll Versions',
  auimessage: 'Content Formatting Macros',
  'ui-steps': 'Content Formatting Macros',
  'ui-step': 'Content Formatting Macros',
  'ui-tabs': 'Content Formatting Macros',
  'ui-tab': 'Content Formatting Macros',
};

/** Name prefixes of app families with many macros. */
const MARKETPLACE_PREFIXES: readonly [string, string][] = [['scroll-', 'a Scroll app (K15t)']];

/** The app a macro name belongs to, when it is a well-known marketplace macro. */
export function marketplaceApp(name: string): string | undefined {
  if (Object.prototype.hasOwnProperty.call(MARKETPLACE_MACROS, name)) return MARKETPLACE_MACROS[name];
  return MARKETPLACE_PREFIXES.find(([prefix]) => name.startsWith(prefix))?.[1];
}

/** Whether a macro name is neither built in, nor allowed, nor left to `legacy-macro`. */
function isUnknown(name: string, config: TriageConfig): boolean {
  return (
    !builtInMacro(name) &&
    !config.allowedMacros.includes(name) &&
    !Object.prototype.hasOwnProperty.call(config.legacyMacros, name)
  );
}

function describe(name: string): { message: string; data: ProblemData } {
  const app = marketplaceApp(name);
  if (app) {
    return {
      message: `"${name}" is a marketplace app macro (${app}): check the app exists in Cloud and its data migrates.`,
      data: { macro: name, origin: 'marketplace', app },
    };
  }
  return {
    message:
      `"${name}" is not a built-in macro: a user macro must be rebuilt as a Forge app, an app macro needs its app in Cloud ` +
      '(add known names to "allowedMacros").',
    data: { macro: name, origin: 'unknown' },
  };
}

const rule: Rule = {
  id: 'unknown-macro',
  description: 'Macros that are not built into Confluence: user macros and app macros that need attention in Cloud.',
  docs: [
    'Confluence Cloud has no user macros, and an app macro renders only if the app is installed in the Cloud site and',
    'migrates its data. Either way, a page full of them shows "unknown macro" boxes after the move.',
    '',
    'The rule reports, on the macro name, every macro that is neither built in (the catalogue of Server/Data Center',
    'macros) nor listed in the `allowedMacros` setting. Macros on the `legacyMacros` list are left to `legacy-macro`.',
    'Common marketplace macros are recognised and named after their app (draw.io, Gliffy, PlantUML, LaTeX Math,',
    'Table Filter and Charts, Scroll apps, Content Formatting Macros): check the app exists in Cloud and that its',
    'migration path carries the data (diagrams, for example, are attachments the app must find again). Anything else is',
    'a user macro (rebuild it as a Forge app, or replace it with built-in content) or an app we do not know.',
    'The data carries `macro`, `origin` (`marketplace` or `unknown`) and, for marketplace macros, `app`.',
    '',
    'Once you have checked a macro (the app is installed in Cloud, the user macro is rebuilt), add its name to',
    '`allowedMacros` in `.confluence-triage.json` to silence it everywhere.',
    '',
    'The default severity is `warning`: the macro is not an error in the page, but the page will not render it in Cloud',
    'until someone acts. ADF documents are checked too (extension nodes of type `com.atlassian.confluence.macro.core`,',
    'reported on their `extensionKey`). There is no quick fix.',
  ].join('\n'),
  defaultSeverity: 'warning',
  fixable: false,
  storage(ctx) {
    const { elements, names } = macrosOf(ctx.doc);
    for (let i = 0; i < elements.length; i++) {
      const el = elements[i];
      const name = names[i];
      if (name === '') {
        const message = 'This macro has no name (ac:name), so no editor can render it.';
        ctx.report({ start: el.start, end: el.startTagEnd, message, data: { macro: '' } });
      } else if (isUnknown(name, ctx.config)) {
        // Only a reported macro needs the attribute's offsets.
        const nameAttr = el.attributes.find((a) => a.name === 'ac:name')!;
        ctx.report({ start: nameAttr.valueStart, end: nameAttr.valueEnd, ...describe(name) });
      }
    }
  },
  adf(ctx) {
    for (const macro of adfMacros(ctx.doc.text, ctx.doc.root)) {
      if (isUnknown(macro.name, ctx.config)) ctx.report({ start: macro.start, end: macro.end, ...describe(macro.name) });
    }
  },
};

export default rule;
