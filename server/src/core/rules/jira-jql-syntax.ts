/**
 * jira-jql-syntax: JQL in a Jira macro that Jira's own grammar rejects. The macro then shows an
 * error instead of issues, on Server and Cloud alike; a migration is a good moment to notice.
 */
import { adfJiraMacros } from '../jql/adf-jira-macros';
import { jiraMacros } from '../jql/jira-macros';
import { sourceRange } from '../jql/mapped-text';
import type { Rule } from './rule';

const rule: Rule = {
  id: 'jira-jql-syntax',
  description: 'JQL in a Jira issues macro that is not valid JQL.',
  docs: [
    'The Jira issues macro (`jira`, and the old `jiraissues`) sends its `jqlQuery` to Jira as it is. JQL that does not parse',
    'makes the macro show an error instead of issues.',
    '',
    "The query is parsed with Atlassian's own JQL grammar (`@atlassianlabs/jql-parser`), and each error is reported at the",
    'exact characters inside the parameter, even when the page writes them as entities (`&quot;`) or in CDATA, or, for',
    '`jiraissues`, percent-encoded inside the `url` parameter.',
    '',
    'Common causes: an unclosed quote or parenthesis, a value with spaces or reserved characters that is not quoted',
    '(`project = My Project` → `project = "My Project"`), a reserved word used as a value, and a trailing operator.',
    'Fix the query by hand; single-issue macros (with a `key` parameter) are not checked.',
    '',
    'In ADF the macro is an `extension` (or `inlineExtension`) with extensionKey `jira` or `jiraissues`, and the query is',
    '`parameters.macroParams.jqlQuery.value` (`macroparams` in older documents); errors land on the characters inside the',
    'JSON string, escapes such as `\\"` and `\\u00e9` included.',
  ].join('\n'),
  defaultSeverity: 'error',
  fixable: false,
  storage(ctx) {
    for (const { jql } of jiraMacros(ctx.doc)) {
      if (!jql) continue;
      for (const e of jql.parsed.errors) {
        const range = sourceRange(jql.text, e.start, e.end);
        ctx.report({ ...range, message: `JQL syntax error: ${e.message}` });
      }
    }
  },
  adf(ctx) {
    for (const { jql } of adfJiraMacros(ctx.doc)) {
      if (!jql) continue;
      for (const e of jql.parsed.errors) {
        ctx.report({ ...sourceRange(jql.text, e.start, e.end), message: `JQL syntax error: ${e.message}` });
      }
    }
  },
};

export default rule;
