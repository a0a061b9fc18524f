/**
 * jira-macro-count: pages with more Jira issues macros than the configured limit. Each macro
 * is a Jira search when the page renders; many of them make Cloud pages slow or time out.
 */
import { adfJiraMacros } from '../jql/adf-jira-macros';
import { jiraMacros } from '../jql/jira-macros';
import type { Rule } from './rule';

const rule: Rule = {
  id: 'jira-macro-count',
  description: 'More Jira issues macros on one page than the configured limit (jiraMacroLimit).',
  docs: [
    'Every Jira issues macro (`jira`, `jiraissues`) runs a Jira search when the page is viewed. Pages with many of them',
    'load slowly, hit Jira rate limits, or show macros that time out, and Cloud renders them less patiently than a local',
    'Data Center.',
    '',
    'The rule reports once per page, on the first macro over the limit, with the count and the limit in its data.',
    'The limit is `jiraMacroLimit` in `.confluence-triage.json` (default 20). Atlassian publishes readiness guardrails',
    'for this but we found no exact figure, so set the limit your team agrees on.',
    '',
    'ADF documents count their `jira`/`jiraissues` extension nodes; the problem lands on the `extensionKey` value of the',
    'first one over the limit.',
    '',
    'How to fix: merge macros into one query (`key in (A-1, A-2, …)` or a shared filter), split the page, or replace',
    'single-issue macros by links.',
  ].join('\n'),
  defaultSeverity: 'warning',
  fixable: false,
  storage(ctx) {
    const macros = jiraMacros(ctx.doc);
    const limit = ctx.config.jiraMacroLimit;
    if (macros.length <= limit) return;
    const first = macros[limit].macro.element;
    ctx.report({
      start: first.start,
      end: first.startTagEnd,
      message: `This page has ${macros.length} Jira macros, more than the limit of ${limit}; this is the first one over it.`,
      data: { count: macros.length, limit },
    });
  },
  adf(ctx) {
    const macros = adfJiraMacros(ctx.doc);
    const limit = ctx.config.jiraMacroLimit;
    if (macros.length <= limit) return;
    const first = macros[limit];
    ctx.report({
      start: first.start,
      end: first.end,
      message: `This page has ${macros.length} Jira macros, more than the limit of ${limit}; this is the first one over it.`,
      data: { count: macros.length, limit },
    });
  },
};

export default rule;
