/**
 * Where JQL names users. Jira Cloud accepts only Atlassian account ids there (the GDPR API
 * changes of 2018–2019 removed usernames and user keys), so each value of a user field, of a
 * `BY` predicate, or of a user function's argument must be an account id, `currentUser()`
 * or EMPTY.
 */
import type { Argument, AstNode, FunctionOperand, Operand, TerminalClause } from '@atlassianlabs/jql-ast';
import { astNodes, type ParsedJql } from './parse';

/** System user fields (lower case); custom user-picker fields cannot be known from the page. */
export const USER_FIELDS: ReadonlySet<string> = new Set(['assignee', 'reporter', 'creator', 'watcher', 'voter', 'request participants']);

/** Functions whose first argument is a user (lower case). */
export const USER_FUNCTIONS: ReadonlySet<string> = new Set(['updatedby', 'approver', 'pendingby']);

/** Atlassian account ids: 24 hex digits (older), `557058:<uuid>` style, and app/service prefixes. */
export function looksLikeAccountId(value: string): boolean {
  return (
    /^[0-9a-f]{24}$/i.test(value) ||
    /^[0-9]{1,10}:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value) ||
    /^(qm|ug):[0-9a-f-]{36}(:[0-9a-f-]{36})?$/i.test(value)
  );
}

export interface UserValue {
  /** UTF-16 range in the JQL text, quotes included. */
  readonly start: number;
  readonly end: number;
  /** The username as Jira reads it (quotes and escapes removed). */
  readonly value: string;
  /** Where it was used: a field name, `BY`, or a function name. */
  readonly context: string;
}

/** Values in the query that name a user by username or user key. */
export function usernameValues(parsed: ParsedJql): UserValue[] {
  const out: UserValue[] = [];
  if (!parsed.query) return out;
  const add = (node: AstNode, value: string, context: string) => {
    const range = parsed.rangeOf(node);
    if (!range || value.trim() === '' || looksLikeAccountId(value)) return;
    out.push({ ...range, value, context });
  };
  const userOperands = (operand: Operand | void, context: string) => {
    if (!operand) return;
    if (operand.operandType === 'value') add(operand, operand.value, context);
    else if (operand.operandType === 'list') for (const v of operand.values) userOperands(v, context);
  };
  for (const node of astNodes(parsed.query)) {
    const clause = node as Partial<TerminalClause>;
    if (clause.clauseType === 'terminal' && clause.field) {
      if (USER_FIELDS.has(clause.field.value.toLowerCase())) userOperands(clause.operand, clause.field.value);
      for (const p of clause.predicates ?? []) if (p.operator.value === 'by') userOperands(p.operand, 'BY');
    }
    const fn = node as Partial<FunctionOperand>;
    if (fn.operandType === 'function' && fn.function && fn.arguments && USER_FUNCTIONS.has(fn.function.value.toLowerCase())) {
      const first: Argument | undefined = fn.arguments[0];
      if (first) add(first, first.value, `${fn.function.value}()`);
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/** A JQL literal for `value`: bare when it is plain letters and digits, else double-quoted. */
export function jqlLiteral(value: string): string {
  return /^[A-Za-z0-9]+$/.test(value) ? value : `"${value.replace(/["\\]/g, '\\$&')}"`;
}
