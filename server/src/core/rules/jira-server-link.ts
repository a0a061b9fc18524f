/**
 * jira-server-link: Jira macros bound to an application link of the old Confluence
 * (`serverId`, `server`). The link's id means nothing on the Cloud site, so the macro must be
 * pointed at the Cloud Jira's application link.
 */
import type { JiraServerTarget, TriageConfig } from '../config';
import { adfJiraMacros, type AdfJiraMacro } from '../jql/adf-jira-macros';
import { jiraMacros } from '../jql/jira-macros';
import { escapeText } from '../shortlink/page-link';
import { param, type Macro } from '../storage/macro';
import type { Fix, Report } from '../types';
import type { Rule } from './rule';

/** The mapping for this macro's application link: by `serverId` first, then by `server` name. */
function targetOf(servers: Readonly<Record<string, JiraServerTarget>>, serverId: string | undefined, server: string | undefined) {
  if (serverId !== undefined && Object.hasOwn(servers, serverId)) return servers[serverId];
  if (server !== undefined && Object.hasOwn(servers, server)) return servers[server];
  return undefined;
}

/** True when the macro already names one of the configured Cloud targets. */
function alreadyMigrated(servers: Readonly<Record<string, JiraServerTarget>>, serverId: string | undefined, server: string | undefined): boolean {
  return Object.values(servers).some((t) => (serverId !== undefined ? t.serverId === serverId : server !== undefined && t.server === server));
}

/** One fix that rewrites both parameters (and adds `serverId` when only `server` is there). */
function fixFor(text: string, macro: Macro, target: JiraServerTarget): Fix {
  const edits: { start: number; end: number; text: string }[] = [];
  const id = param(macro, 'serverId');
  const name = param(macro, 'server');
  if (id) edits.push({ start: id.valueStart, end: id.valueEnd, text: escapeText(target.serverId) });
  if (name && target.server !== undefined) edits.push({ start: name.valueStart, end: name.valueEnd, text: escapeText(target.server) });
  if (!id && name) {
    const at = name.element.end;
    edits.push({ start: at, end: at, text: `<ac:parameter ac:name="serverId">${escapeText(target.serverId)}</ac:parameter>` });
  }
  return combine(text, edits);
}

/** Several replacements as one fix spanning them (a rule reports one fix per problem). */
function combine(text: string, edits: { start: number; end: number; text: string }[]): Fix {
  edits.sort((a, b) => a.start - b.start);
  const start = edits[0].start;
  const end = edits[edits.length - 1].end;
  let out = '';
  let cursor = start;
  for (const e of edits) {
    out += text.slice(cursor, e.start) + e.text;
    cursor = e.end;
  }
  return { start, end, text: out };
}

/** The ADF form of `fixFor`: JSON string values replaced, a `serverId` parameter added after `server`. */
function adfFixFor(text: string, macro: AdfJiraMacro, target: JiraServerTarget): Fix {
  const edits: { start: number; end: number; text: string }[] = [];
  const id = macro.param('serverId');
  const name = macro.param('server');
  if (id) edits.push({ start: id.start, end: id.end, text: JSON.stringify(target.serverId) });
  if (name && target.server !== undefined) edits.push({ start: name.start, end: name.end, text: JSON.stringify(target.server) });
  if (!id && name) edits.push({ start: name.objectEnd, end: name.objectEnd, text: `, "serverId": { "value": ${JSON.stringify(target.serverId)} }` });
  return combine(text, edits);
}

function label(serverId: string | undefined, server: string | undefined): string {
  return serverId !== undefined ? `application link ${serverId}${server ? ` ("${server}")` : ''}` : `application link "${server}"`;
}

function message(target: JiraServerTarget | undefined, serverId: string | undefined, server: string | undefined): string {
  return target
    ? `This Jira macro uses the Server/DC ${label(serverId, server)}; point it at the Cloud Jira (${target.serverId}).`
    : `This Jira macro uses the Server/DC ${label(serverId, server)}, which does not exist in Cloud; map it in "jiraServers" of the configuration.`;
}

/**
 * What to report about a macro's application link, whatever format it is stored in; undefined
 * when it already points at a configured Cloud target.
 */
function serverLinkProblem(
  servers: TriageConfig['jiraServers'],
  rawId: string | undefined,
  rawName: string | undefined,
  fix: (target: JiraServerTarget) => Fix,
): Omit<Report, 'start' | 'end'> | undefined {
  const serverId = rawId?.trim();
  const server = rawName?.trim();
  if (alreadyMigrated(servers, serverId, server)) return undefined;
  const target = targetOf(servers, serverId, server);
  return {
    message: message(target, serverId, server),
    data: { ...(serverId !== undefined ? { serverId } : {}), ...(server !== undefined ? { server } : {}) },
    ...(target ? { fix: fix(target), fixTitle: `Point the macro at ${target.server ?? target.serverId}` } : {}),
  };
}

const rule: Rule = {
  id: 'jira-server-link',
  description: 'Jira macros that point at a Server/Data Center application link (serverId/server).',
  docs: [
    'A Jira issues macro stores which Jira it talks to as `serverId` (the id of an application link in **this** Confluence)',
    'and `server` (the link\'s display name). Neither means anything on the Cloud site: the macro shows an error until it',
    'points at the application link of the Cloud Jira.',
    '',
    '**Fix.** Map each old application link to the Cloud one in `.confluence-triage.json`, by id or by name:',
    '',
    '```json',
    '{ "jiraServers": { "520ce16e-e768-373b-b327-d7568ea882d1": { "serverId": "<cloud applink id>", "server": "Jira Cloud" } } }',
    '```',
    '',
    'The fix replaces `serverId` (and `server` when the target names one; a missing `serverId` is added). Macros that',
    'already name a configured target are not reported. Without a mapping the rule reports and offers no fix.',
    '',
    'ADF documents are checked the same way: `serverId`/`server` under `parameters.macroParams` of `jira`/`jiraissues`',
    'extension nodes (`macroparams` in older documents). The fix replaces the JSON string values, and adds',
    '`"serverId": { "value": "…" }` after `server` when it is missing.',
  ].join('\n'),
  defaultSeverity: 'warning',
  fixable: true,
  storage(ctx) {
    for (const { macro } of jiraMacros(ctx.doc)) {
      const id = param(macro, 'serverId');
      const name = param(macro, 'server');
      const where = id ?? name;
      if (!where) continue;
      const problem = serverLinkProblem(ctx.config.jiraServers, id?.value, name?.value, (target) => fixFor(ctx.doc.text, macro, target));
      if (problem) ctx.report({ start: where.valueStart, end: where.valueEnd, ...problem });
    }
  },
  adf(ctx) {
    for (const macro of adfJiraMacros(ctx.doc)) {
      const id = macro.param('serverId');
      const name = macro.param('server');
      const where = id ?? name;
      if (!where) continue;
      const problem = serverLinkProblem(ctx.config.jiraServers, id?.value, name?.value, (target) => adfFixFor(ctx.doc.text, macro, target));
      if (problem) ctx.report({ start: where.start, end: where.end, ...problem });
    }
  },
};

export default rule;
