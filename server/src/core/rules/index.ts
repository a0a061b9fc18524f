/**
 * The registry: every rule, sorted by id. Explicit imports (no globbing) so the bundler
 * sees every rule; a test keeps this list sorted and complete.
 */
import type { Rule } from './rule';
import adfSchema from './adf-schema';
import jiraJqlSyntax from './jira-jql-syntax';
import jiraJqlUnsupportedFunction from './jira-jql-unsupported-function';
import jiraJqlUsername from './jira-jql-username';
import jiraMacroCount from './jira-macro-count';
import jiraServerLink from './jira-server-link';
import legacyContent from './legacy-content';
import legacyMacro from './legacy-macro';
import nestedBodiedMacro from './nested-bodied-macro';
import shortLink from './short-link';
import unknownMacro from './unknown-macro';
import userReference from './user-reference';
import xmlSyntax from './xml-syntax';

export const RULES: readonly Rule[] = [
  adfSchema,
  jiraJqlSyntax,
  jiraJqlUnsupportedFunction,
  jiraJqlUsername,
  jiraMacroCount,
  jiraServerLink,
  legacyContent,
  legacyMacro,
  nestedBodiedMacro,
  shortLink,
  unknownMacro,
  userReference,
  xmlSyntax,
];

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.id === id);
}
