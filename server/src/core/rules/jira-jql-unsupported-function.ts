/**
 * jira-jql-unsupported-function: JQL functions that a Server-only app provides (ScriptRunner's
 * `issueFunction in linkedIssuesOf(...)` and friends). Jira Cloud does not know them.
 */
import { adfJiraMacros } from '../jql/adf-jira-macros';
import { jiraMacros } from '../jql/jira-macros';
import { unsupportedUses } from '../jql/functions';
import { sourceRange, type MappedText } from '../jql/mapped-text';
import type { ParsedJql } from '../jql/parse';
import type { Report } from '../types';
import type { Rule } from './rule';

function check(ctx: { report(r: Report): void }, jql: { text: MappedText; parsed: ParsedJql }): void {
  for (const use of unsupportedUses(jql.parsed)) {
    const message =
      use.kind === 'function'
        ? `${use.name}() is a ScriptRunner for Jira Server function; Jira Cloud does not have it.`
        : `issueFunction is ScriptRunner for Jira Server's JQL field; Jira Cloud does not have it.`;
    ctx.report({ ...sourceRange(jql.text, use.start, use.end), message, data: { function: use.name } });
  }
}

const rule: Rule = {
  id: 'jira-jql-unsupported-function',
  description: 'JQL functions of Server-only apps (ScriptRunner issueFunction) that Jira Cloud does not have.',
  docs: [
    'ScriptRunner for Jira Server/Data Center adds JQL functions through its `issueFunction` custom field:',
    '`issueFunction in linkedIssuesOf("project = A", "blocks")`, `subtasksOf`, `parentsOf`, `epicsOf`, `hasComments()`,',
    '`commented("by jsmith")`, `lastComment`, `hasAttachments`, `aggregateExpression`, `issueFieldMatch`, `dateCompare`, …',
    'In Jira Cloud no app may change the results of a JQL search, so these functions, and any clause on',
    '`issueFunction` itself, are unknown there and the macro fails.',
    '',
    'The rule reports each such function (wherever it is used), and `issueFunction` clauses whose function it does not',
    'recognise (a custom script function).',
    '',
    "There is no automatic fix. Rewrite the query with Jira Cloud's own JQL (`issue in linkedIssues(ABC-1, blocks)`,",
    '`parent = ABC-1`, `issuetype in subTaskIssueTypes()`), or use ScriptRunner for Jira Cloud\'s Enhanced Search /',
    'synced JQL keywords, which have a different syntax and need a first sync.',
    '',
    'ADF documents are checked too: the `jqlQuery` of `jira`/`jiraissues` extension nodes (`parameters.macroParams`),',
    'with each finding at its characters inside the JSON string.',
  ].join('\n'),
  defaultSeverity: 'error',
  fixable: false,
  storage(ctx) {
    for (const { jql } of jiraMacros(ctx.doc)) if (jql) check(ctx, jql);
  },
  adf(ctx) {
    for (const { jql } of adfJiraMacros(ctx.doc)) if (jql) check(ctx, jql);
  },
};

export default rule;
