/**
 * user-reference: mentions and user parameters that name a Server/DC user (`ri:userkey`,
 * `ri:username`). Cloud identifies users by account id only and renders anything else as an
 * unknown user.
 */
import { jsonStringAt } from '../adf/json-value';
import { walkAdf } from '../adf/locate';
import { looksLikeAccountId } from '../jql/users';
import { escapeAttribute } from '../shortlink/page-link';
import type { Rule } from './rule';

const DC_ATTRIBUTES = ['ri:userkey', 'ri:username'] as const;

/** Mentions that name no single user: `@all`/`@here` style special mentions keep their ids. */
const isSpecialMention = (attrs: Readonly<Record<string, unknown>>) => attrs.userType === 'SPECIAL' || attrs.id === 'all' || attrs.id === 'here';

const rule: Rule = {
  id: 'user-reference',
  description: 'User references by user key or username (ri:userkey, ri:username; ADF mentions without an account id), which Cloud does not resolve.',
  docs: [
    'Confluence Data Center stores a user (a mention, a task assignee, a user parameter) as `<ri:user ri:userkey="…"/>`',
    '(older content: `ri:username`). Confluence Cloud knows users only by Atlassian account id:',
    '`<ri:user ri:account-id="…"/>`. A user key means nothing there, and the mention shows as an unknown user.',
    '',
    '**Fix.** Map user keys or usernames to account ids in `userMap` of `.confluence-triage.json`',
    '(`{"userMap": {"ff80808156e241950156e468e9510003": "5b10ac8d82e05b22cc7d4ef5"}}`); the fix rewrites the attribute',
    'to `ri:account-id`. The Cloud Migration Assistant does this mapping for pages it migrates; use this rule for pages',
    'that take another route. References that already carry `ri:account-id` are not reported.',
    '',
    'In ADF, a `mention` node whose `attrs.id` is not an account id (24 hex digits, or `557058:<uuid>` style) is',
    'reported on that id, with the id as `user` in the data: it is a username or user key left by a conversion. The',
    'fix writes the mapped account id from `userMap` into the JSON string. Special mentions (`userType` `SPECIAL`) are',
    'not reported.',
  ].join('\n'),
  defaultSeverity: 'warning',
  fixable: true,
  storage(ctx) {
    for (const el of ctx.doc.elementsNamed('ri:user')) {
      if (el.attributes.some((a) => a.name === 'ri:account-id')) continue;
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
        break;
      }
    }
  },
  adf(ctx) {
    const { text, root } = ctx.doc;
    if (!root) return;
    walkAdf(root, (node) => {
      const attrs = node.attrs;
      if (node.type !== 'mention' || !attrs || typeof attrs.id !== 'string') return;
      const id = attrs.id;
      if (id.trim() === '' || looksLikeAccountId(id) || isSpecialMention(attrs)) return;
      const literal = jsonStringAt(text, node.start, ['attrs', 'id'], id);
      const range = literal ?? node;
      const accountId = Object.hasOwn(ctx.config.userMap, id) ? ctx.config.userMap[id] : undefined;
      const fixable = accountId !== undefined && literal !== undefined;
      ctx.report({
        start: range.start,
        end: range.end,
        message: `Mention of "${id}", which is not an account id (a Server/DC username or user key?): Confluence Cloud shows an unknown user.`,
        data: { user: id },
        ...(fixable ? { fix: { start: range.start, end: range.end, text: JSON.stringify(accountId) }, fixTitle: `Use account id ${accountId}` } : {}),
      });
    });
  },
};

export default rule;
