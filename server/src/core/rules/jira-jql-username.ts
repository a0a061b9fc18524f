/**
 * jira-jql-username: JQL that names users by username or user key. Jira Cloud only knows
 * account ids, so such a query fails or silently matches nobody after the migration.
 */
import { adfJiraMacros } from '../jql/adf-jira-macros';
import { jiraMacros } from '../jql/jira-macros';
import { sourceRange, type MappedText } from '../jql/mapped-text';
import type { ParsedJql } from '../jql/parse';
import { jqlLiteral, usernameValues } from '../jql/users';
import type { Rule, RuleContext } from './rule';

/** Reports each username of one query; the fix is encoded for wherever the query is written. */
function check(ctx: RuleContext<unknown>, jql: { text: MappedText; parsed: ParsedJql }): void {
  for (const user of usernameValues(jql.parsed)) {
    const range = sourceRange(jql.text, user.start, user.end);
    const accountId = Object.hasOwn(ctx.config.userMap, user.value) ? ctx.config.userMap[user.value] : undefined;
    ctx.report({
      ...range,
      message: `JQL names the user "${user.value}" (${user.context}); Jira Cloud accepts only account ids here.`,
      data: { username: user.value },
      ...(accountId
        ? {
            fix: { ...range, text: jql.text.encode(jqlLiteral(accountId), user.start, user.end) },
            fixTitle: `Replace "${user.value}" with account id ${accountId}`,
          }
        : {}),
    });
  }
}

const rule: Rule = {
  id: 'jira-jql-username',
  description: 'Usernames or user keys in Jira macro JQL, which Jira Cloud rejects (it wants account ids).',
  docs: [
    'Jira Cloud identifies users only by Atlassian **account id** (usernames and user keys were removed from its APIs',
    'in 2019). JQL such as `assignee = jsmith`, `reporter in (jsmith, adoe)`, `watcher = jsmith`, `voter = jsmith`,',
    '`status changed BY jsmith`, `assignee was jsmith BY adoe` or `issuekey in updatedBy(jsmith)` fails in Cloud.',
    '',
    'Checked: the fields assignee, reporter, creator, watcher, voter and "Request participants", every `BY` predicate,',
    'and the user argument of `updatedBy()`, `approver()` and `pendingBy()`. `currentUser()`, `EMPTY`/`null` and values',
    'that already look like account ids (`5b10ac8d82e05b22cc7d4ef5`, `557058:…uuid…`) are fine. Custom user-picker fields',
    'cannot be recognised from the page.',
    '',
    '**Fix.** Map usernames to account ids in `userMap` of `.confluence-triage.json` (`{"userMap": {"jsmith": "5b10…"}}`);',
    'the fix then puts the account id in place of the username, quoted when needed. Jira Cloud also offers a converter for',
    'whole queries (the JQL personal-data migration endpoint).',
    '',
    'ADF documents are checked too (the `jqlQuery` of `jira`/`jiraissues` extension nodes, under `parameters.macroParams`);',
    'there the fix writes the account id JSON-escaped into the string.',
  ].join('\n'),
  defaultSeverity: 'error',
  fixable: true,
  storage(ctx) {
    for (const { jql } of jiraMacros(ctx.doc)) if (jql) check(ctx, jql);
  },
  adf(ctx) {
    for (const { jql } of adfJiraMacros(ctx.doc)) if (jql) check(ctx, jql);
  },
};

export default rule;
