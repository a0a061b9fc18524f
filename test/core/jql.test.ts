import { strict as assert } from 'node:assert';
import { unsupportedUses } from '../../server/src/core/jql/functions';
import { parseJql } from '../../server/src/core/jql/parse';
import { jqlLiteral, looksLikeAccountId, usernameValues } from '../../server/src/core/jql/users';

const slices = (jql: string, ranges: readonly { start: number; end: number }[]) => ranges.map((r) => jql.slice(r.start, r.end));

describe('JQL parsing (Atlassian grammar)', () => {
  it('parses valid JQL without errors', () => {
    for (const jql of [
      'project = ABC',
      'project = "Confluence test"  ',
      'assignee in (a, "b c", currentUser(), EMPTY) AND status changed BY jsmith ORDER BY created DESC',
      'cf[10010] = 3 AND filter = 123',
      'issueFunction in linkedIssuesOf("project = A", "blocks")',
    ]) {
      assert.deepEqual(parseJql(jql).errors, [], jql);
    }
  });

  it('reports errors at the offending token', () => {
    assert.deepEqual(slices('a = b c', parseJql('a = b c').errors), ['c']);
    assert.deepEqual(slices('summary ~ "abc', parseJql('summary ~ "abc').errors), ['"abc']);
    const eof = parseJql('project = X AND (');
    assert.deepEqual(eof.errors.map((e) => [e.start, e.end]), [[17, 17]]);
  });

  it('converts ANTLR code point positions to UTF-16 offsets', () => {
    const jql = 'summary ~ "😀😀" AND x = ';
    const parsed = parseJql(jql);
    assert.deepEqual(parsed.errors.map((e) => [e.start, e.end]), [[jql.length, jql.length]]);
    const users = parseJql('reporter = "😀" AND assignee = bob');
    assert.deepEqual(slices('reporter = "😀" AND assignee = bob', usernameValues(users)), ['"😀"', 'bob']);
  });

  it('never throws on hostile input', () => {
    for (const jql of ['', '((((((((((', '"', '\u0000', 'ORDER BY', ')'.repeat(1000), 'a = '.repeat(200)]) {
      const parsed = parseJql(jql);
      assert.ok(Array.isArray(parsed.errors));
    }
  });
});

describe('usernames in JQL', () => {
  const find = (jql: string) => usernameValues(parseJql(jql)).map((u) => [jql.slice(u.start, u.end), u.value, u.context]);

  it('finds usernames in user fields, lists, BY predicates and user functions', () => {
    assert.deepEqual(find('assignee = jsmith AND Reporter in ("a doe", b) AND status changed BY c AND voter was d BY e'), [
      ['jsmith', 'jsmith', 'assignee'],
      ['"a doe"', 'a doe', 'Reporter'],
      ['b', 'b', 'Reporter'],
      ['c', 'c', 'BY'],
      ['d', 'd', 'voter'],
      ['e', 'e', 'BY'],
    ]);
    assert.deepEqual(find('issuekey in updatedBy(jsmith, "-1w") OR watcher = x OR creator != y OR "Request participants" = z'), [
      ['jsmith', 'jsmith', 'updatedBy()'],
      ['x', 'x', 'watcher'],
      ['y', 'y', 'creator'],
      ['z', 'z', 'Request participants'],
    ]);
  });

  it('accepts currentUser(), EMPTY, null, account ids and non-user fields', () => {
    assert.deepEqual(
      find(
        'assignee = currentUser() OR reporter is EMPTY OR creator = null OR voter in (5b10ac8d82e05b22cc7d4ef5, "557058:f58131cb-b67d-43c7-b30d-6b58d40bd077") OR project = jsmith OR assignee in membersOf("devs")',
      ),
      [],
    );
  });

  it('recognises account ids', () => {
    for (const id of ['5b10ac8d82e05b22cc7d4ef5', '557058:f58131cb-b67d-43c7-b30d-6b58d40bd077', '712020:0c2a5b9e-1111-4a1b-9c3d-0123456789ab']) {
      assert.ok(looksLikeAccountId(id), id);
    }
    for (const name of ['jsmith', 'admin', '5b10ac8d82e05b22cc7d4ef', 'ff80808156e241950156e468e9510003']) assert.ok(!looksLikeAccountId(name), name);
  });

  it('writes literals that parse back to the same value', () => {
    for (const value of ['5b10ac8d82e05b22cc7d4ef5', '557058:f58131cb-b67d-43c7-b30d-6b58d40bd077', 'a "quoted" \\ name', 'x y']) {
      const jql = `assignee = ${jqlLiteral(value)}`;
      const parsed = parseJql(jql);
      assert.deepEqual(parsed.errors, [], jql);
      const operand = (parsed.query!.where as { operand: { value: string } }).operand;
      assert.equal(operand.value, value);
    }
    assert.equal(jqlLiteral('5b10ac8d82e05b22cc7d4ef5'), '5b10ac8d82e05b22cc7d4ef5');
  });
});

describe('Server-only JQL functions', () => {
  const find = (jql: string) => unsupportedUses(parseJql(jql)).map((u) => [jql.slice(u.start, u.end), u.name, u.kind]);

  it('reports ScriptRunner functions once each, with their arguments', () => {
    assert.deepEqual(find('issueFunction in linkedIssuesOf("project = A", "blocks") OR issueFunction not in hasComments()'), [
      ['linkedIssuesOf("project = A", "blocks")', 'linkedIssuesOf', 'function'],
      ['hasComments()', 'hasComments', 'function'],
    ]);
    assert.deepEqual(find('ISSUEFUNCTION in SubtasksOf("x")'), [['SubtasksOf("x")', 'SubtasksOf', 'function']]);
    assert.deepEqual(find('fixVersion in versionMatch("^1\\\\.")'), [['versionMatch("^1\\\\.")', 'versionMatch', 'function']]);
  });

  it('reports issueFunction clauses with an unknown (custom) function on the field', () => {
    assert.deepEqual(find('project = A AND issueFunction in teamScript()'), [['issueFunction', 'issueFunction', 'field']]);
  });

  it("leaves Jira Cloud's own functions alone", () => {
    assert.deepEqual(find('issue in linkedIssues(ABC-1) AND assignee in membersOf(x) AND fixVersion in unreleasedVersions() AND sprint in openSprints()'), []);
  });
});
