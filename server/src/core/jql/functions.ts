/**
 * JQL that only a Server/Data Center app provides. ScriptRunner for Jira Server adds its
 * functions through the `issueFunction` custom field; Jira Cloud lets no app change JQL
 * results, so the field and every function of it are unknown there.
 */
import type { FunctionOperand, TerminalClause } from '@atlassianlabs/jql-ast';
import { astNodes, type ParsedJql } from './parse';

/** ScriptRunner for Jira Server/DC scripted JQL functions, lower case. */
export const SCRIPTRUNNER_FUNCTIONS: ReadonlySet<string> = new Set(
  [
    // links
    'hasLinks', 'hasLinkType', 'linkedIssuesOf', 'linkedIssuesOfAll', 'linkedIssuesOfRecursive', 'linkedIssuesOfAllRecursive',
    'linkedIssuesOfRecursiveLimited', 'linkedIssuesOfAllRecursiveLimited', 'hasRemoteLinks', 'linkedIssuesOfRemote',
    'epicsOf', 'issuesInEpics', 'issuePickerField',
    // comments and attachments
    'hasComments', 'commented', 'lastComment', 'hasAttachments', 'fileAttached',
    // sub-tasks
    'hasSubtasks', 'subtasksOf', 'parentsOf',
    // calculations and matching
    'aggregateExpression', 'expression', 'dateCompare', 'issueFieldMatch', 'issueFieldExactMatch',
    'projectMatch', 'componentMatch', 'versionMatch',
    // users
    'inactiveUsers', 'jiraUserPropertyEquals',
    // sprints, versions, work logs
    'addedAfterSprintStart', 'removedAfterSprintStart', 'incompleteInSprint', 'completeInSprint',
    'earliestUnreleasedVersionByReleaseDate', 'releaseDate', 'startDate', 'overdue', 'workLogged',
  ].map((f) => f.toLowerCase()),
);

/** The ScriptRunner custom field that carries its functions on Server. */
export const SCRIPTRUNNER_FIELD = 'issuefunction';

export interface UnsupportedUse {
  /** UTF-16 range in the JQL text. */
  readonly start: number;
  readonly end: number;
  /** The function (as written) or the field `issueFunction`. */
  readonly name: string;
  readonly kind: 'function' | 'field';
}

/**
 * ScriptRunner functions anywhere in the query, and `issueFunction` clauses whose function
 * is not a known one (a custom script function): one finding per use.
 */
export function unsupportedUses(parsed: ParsedJql): UnsupportedUse[] {
  const out: UnsupportedUse[] = [];
  if (!parsed.query) return out;
  const reported = new Set<object>();
  for (const node of astNodes(parsed.query)) {
    const fn = node as Partial<FunctionOperand>;
    if (fn.operandType === 'function' && fn.function && SCRIPTRUNNER_FUNCTIONS.has(fn.function.value.toLowerCase())) {
      const range = parsed.rangeOf(node);
      if (range) out.push({ ...range, name: fn.function.value, kind: 'function' });
      for (let p = node.parent; p; p = p.parent) reported.add(p);
    }
  }
  for (const node of astNodes(parsed.query)) {
    const clause = node as Partial<TerminalClause>;
    if (clause.clauseType !== 'terminal' || !clause.field || clause.field.value.toLowerCase() !== SCRIPTRUNNER_FIELD) continue;
    if (reported.has(node)) continue;
    const range = parsed.rangeOf(clause.field);
    if (range) out.push({ ...range, name: clause.field.value, kind: 'field' });
  }
  return out.sort((a, b) => a.start - b.start);
}
