/**
 * user-reference: mentions and user parameters that name a Server/DC user (`ri:userkey`,
 * `ri:username`). Cloud identifies users by account id only and renders anything else as an
 * unknown user.
 */
import { escapeAttribute } from '../shortlink/page-link';
import { walkElements } from '../storage/walk';
import type { Rule } from './rule';

const DC_ATTRIBUTES = ['ri:userkey', 'ri:username'] as const;

const rule: Rule = {
  id: 'user-reference',
  description: 'User references by user key or username (ri:userkey, ri:username), which Cloud does not resolve.',
  docs: [
    'Confluence Data Center stores a user (a mention, a task assignee, a user parameter) as `<ri:user ri:userkey="…"/>`',
    '(older content: `ri:username`). Confluence Cloud knows users only by Atlassian account id:',
    '`<ri:user ri:account-id="…"/>`. A user key means nothing there, and the mention shows as an unknown user.',
    '',
    '**Fix.** Map user keys or usernames to account ids in `userMap` of `.confluence-triage.json`',
    '(`{"userMap": {"ff80808156e241950156e468e9510003": "5b10ac8d82e05b22cc7d4ef5"}}`); the fix rewrites the attribute',
    'to `ri:account-id`. The Cloud Migration Assistant does this mapping for pages it migrates; use this rule for pages',
    'that take another route. References that already carry `ri:account-id` are not reported.',
  ].join('\n'),
  defaultSeverity: 'warning',
  fixable: true,
  storage(ctx) {
    walkElements(ctx.doc.root, (el) => {
      if (el.name !== 'ri:user') return;
      if (el.attributes.some((a) => a.name === 'ri:account-id')) return;
      for (const name of DC_ATTRIBUTES) {
        const a = el.attributes.find((x) => x.name === name);
        if (!a) continue;
        const kind = name === 'ri:userkey' ? 'userkey' : 'username';
        const accountId = Object.hasOwn(ctx.config.userMap, a.value) ? ctx.config.userMap[a.value] : undefined;
        const quoted = /["']/.test(ctx.doc.text[a.valueEnd] ?? '');
        const range = { start: a.nameStart, end: quoted ? a.valueEnd + 1 : a.valueEnd };
        ctx.report({
          ...range,
          message: `User reference by ${kind} "${a.value}": Confluence Cloud needs an account id (ri:account-id).`,
          data: { [kind]: a.value },
          ...(accountId ? { fix: { ...range, text: `ri:account-id="${escapeAttribute(accountId)}"` }, fixTitle: `Use account id ${accountId}` } : {}),
        });
        return;
      }
    });
  },
};

export default rule;
