/**
 * The subset of CQL the simulator answers: clauses `field op value` joined by AND / OR with
 * parentheses and NOT. Fields: space (space.key), type, id (content), title, parent,
 * ancestor, lastmodified / created (dates `"yyyy-MM-dd"` or `"yyyy-MM-dd HH:mm"`, read as
 * UTC). Operators: = != > >= < <= ~ (contains, case-insensitive) !~, and `in (a, b)`.
 * Anything else is a parse error, which the routes answer as the real servers do.
 */

export interface CqlFacts {
  id: string;
  type: string;
  spaceKey: string;
  title: string;
  parentId?: string;
  ancestorIds: string[];
  /** Milliseconds since the epoch. */
  lastModified: number;
  created: number;
}

type Node =
  | { kind: 'and' | 'or'; left: Node; right: Node }
  | { kind: 'not'; inner: Node }
  | { kind: 'clause'; field: string; op: string; values: string[] };

export type CqlPredicate = (facts: CqlFacts) => boolean;

const OPERATORS = new Set(['=', '!=', '>', '>=', '<', '<=', '~', '!~']);
const PUNCTUATION = new Set(['(', ')', ',', ...OPERATORS]);
const FIELDS = new Set(['space', 'space.key', 'type', 'id', 'content', 'title', 'parent', 'ancestor', 'lastmodified', 'created']);

function tokenize(cql: string): string[] | string {
  const tokens: string[] = [];
  const re = /\s*(?:("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|(!=|>=|<=|!~|=|>|<|~|\(|\)|,)|([^\s=!<>~(),"']+))/y;
  let i = 0;
  while (i < cql.length) {
    if (/^\s*$/.test(cql.slice(i))) break;
    re.lastIndex = i;
    const m = re.exec(cql);
    if (!m) return `unexpected character at ${i}`;
    tokens.push(m[1] ?? m[2] ?? m[3]);
    i = re.lastIndex;
  }
  return tokens;
}

function unquote(t: string): string {
  return /^["']/.test(t) ? t.slice(1, -1).replace(/\\(.)/g, '$1') : t;
}

/** Parses a CQL query into a predicate, or returns an error message. */
export function parseCql(cql: string): { predicate: CqlPredicate } | { error: string } {
  const tokens = tokenize(cql);
  if (typeof tokens === 'string') return { error: tokens };
  if (tokens.length === 0) return { error: 'empty query' };
  let pos = 0;
  const peek = () => tokens[pos];
  const isWord = (w: string) => peek()?.toLowerCase() === w;

  function orExpr(): Node {
    let left = andExpr();
    while (isWord('or')) {
      pos++;
      left = { kind: 'or', left, right: andExpr() };
    }
    return left;
  }
  function andExpr(): Node {
    let left = unary();
    while (isWord('and')) {
      pos++;
      left = { kind: 'and', left, right: unary() };
    }
    return left;
  }
  function unary(): Node {
    if (isWord('not')) {
      pos++;
      return { kind: 'not', inner: unary() };
    }
    if (peek() === '(') {
      pos++;
      const inner = orExpr();
      if (tokens[pos++] !== ')') throw new Error('expected )');
      return inner;
    }
    const field = tokens[pos++]?.toLowerCase();
    if (!field || !FIELDS.has(field)) throw new Error(`unknown field ${field ?? '(end)'}`);
    let op = tokens[pos++]?.toLowerCase();
    if (op === 'not' && isWord('in')) {
      pos++;
      op = 'not in';
    }
    if (op === 'in' || op === 'not in') {
      if (tokens[pos++] !== '(') throw new Error('expected (');
      const values: string[] = [];
      while (true) {
        const v = tokens[pos++];
        if (v === undefined || PUNCTUATION.has(v)) throw new Error('expected value');
        values.push(unquote(v));
        const sep = tokens[pos++];
        if (sep === ')') break;
        if (sep !== ',') throw new Error('expected , or )');
      }
      return { kind: 'clause', field, op, values };
    }
    if (!op || !OPERATORS.has(op)) throw new Error(`bad operator ${op ?? '(end)'}`);
    const v = tokens[pos++];
    if (v === undefined || PUNCTUATION.has(v)) throw new Error('expected value');
    return { kind: 'clause', field, op, values: [unquote(v)] };
  }

  try {
    const tree = orExpr();
    if (pos !== tokens.length) return { error: `unexpected ${tokens[pos]}` };
    for (const c of clauses(tree)) {
      if ((c.field === 'lastmodified' || c.field === 'created') && c.values.some((v) => Number.isNaN(parseDate(v)))) {
        return { error: `bad date in ${c.field}` };
      }
    }
    return { predicate: (f) => evaluate(tree, f) };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

function clauses(n: Node): Extract<Node, { kind: 'clause' }>[] {
  if (n.kind === 'clause') return [n];
  if (n.kind === 'not') return clauses(n.inner);
  return [...clauses(n.left), ...clauses(n.right)];
}

// `yyyy-MM-dd` or `yyyy-MM-dd HH:mm` (also with `/`), read as UTC.
function parseDate(v: string): number {
  const m = /^(\d{4})[-/](\d{2})[-/](\d{2})(?:[ T](\d{2}):(\d{2}))?$/.exec(v.trim());
  if (!m) return Number.NaN;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0));
}

function compare(a: number, op: string, b: number): boolean {
  switch (op) {
    case '=':
      return a === b;
    case '!=':
      return a !== b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    case '<':
      return a < b;
    default:
      return a <= b;
  }
}

function evaluate(n: Node, f: CqlFacts): boolean {
  if (n.kind === 'not') return !evaluate(n.inner, f);
  if (n.kind !== 'clause') return n.kind === 'and' ? evaluate(n.left, f) && evaluate(n.right, f) : evaluate(n.left, f) || evaluate(n.right, f);
  const { field, op, values } = n;
  if (field === 'lastmodified' || field === 'created') {
    const t = field === 'created' ? f.created : f.lastModified;
    return values.some((v) => compare(t, op, parseDate(v)));
  }
  const actual =
    field === 'space' || field === 'space.key'
      ? [f.spaceKey]
      : field === 'type'
        ? [f.type]
        : field === 'id' || field === 'content'
          ? [f.id]
          : field === 'title'
            ? [f.title]
            : field === 'parent'
              ? f.parentId
                ? [f.parentId]
                : []
              : f.ancestorIds;
  const eq = (a: string, b: string) => (field === 'title' ? a === b : a.toLowerCase() === b.toLowerCase());
  switch (op) {
    case '=':
    case 'in':
      return actual.some((a) => values.some((v) => eq(a, v)));
    case '!=':
    case 'not in':
      return !actual.some((a) => values.some((v) => eq(a, v)));
    case '~':
      return actual.some((a) => a.toLowerCase().includes(values[0].toLowerCase()));
    case '!~':
      return !actual.some((a) => a.toLowerCase().includes(values[0].toLowerCase()));
    default:
      if (field === 'id' || field === 'content') return actual.some((a) => compare(Number(a), op, Number(values[0])));
      return actual.some((a) => compare(a.localeCompare(values[0]), op, 0));
  }
}
