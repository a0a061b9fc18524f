/**
 * Exact ranges, data and fixes of the Jira macro rules; the fixture folders check markers and
 * fix-all snapshots, this checks the characters each finding lands on.
 */
import { strict as assert } from 'node:assert';
import { resolveConfig } from '../../../server/src/core/config';
import { applyFixes } from '../../../server/src/core/fixes';
import { lint } from '../../../server/src/core/lint';
import { parseJql } from '../../../server/src/core/jql/parse';
import { jiraMacros } from '../../../server/src/core/jql/jira-macros';
import { parseStorage } from '../../../server/src/core/storage/parser';
import type { Problem } from '../../../server/src/core/types';
import { ruleById } from '../../../server/src/core/rules/index';

function run(ruleId: string, page: string, config: unknown = {}): { page: string; problems: Problem[]; hits: string[] } {
  const resolved = resolveConfig(config);
  assert.deepEqual(resolved.errors, []);
  const { problems } = lint(page, 'storage', { rules: [ruleById(ruleId)!], config: resolved.config });
  return { page, problems, hits: problems.map((p) => page.slice(p.start, p.end)) };
}

const jira = (params: string) => `<ac:structured-macro ac:name="jira" ac:schema-version="1">${params}</ac:structured-macro>`;
const jql = (query: string) => jira(`<ac:parameter ac:name="jqlQuery">${query}</ac:parameter>`);

describe('jira-jql-syntax', () => {
  it('lands on the offending characters even when they are written as entities', () => {
    const { hits, problems, page } = run('jira-jql-syntax', jql('summary ~ &quot;a &amp; b&quot; AND x = &quot;unclosed'));
    assert.deepEqual(hits, ['&quot;unclosed']);
    assert.equal(problems[0].start, page.indexOf('&quot;unclosed'));
  });

  it('lands on the offending token in CDATA and after astral characters', () => {
    assert.deepEqual(run('jira-jql-syntax', jql('<![CDATA[summary ~ "😀" AND status = Done Today]]>')).hits, ['Today']);
  });

  it('puts an error at the end of the query at the end of the parameter value', () => {
    const { problems, page } = run('jira-jql-syntax', jql('project = ABC AND ('));
    assert.equal(problems.length, 1);
    assert.equal(problems[0].start, page.indexOf('</ac:parameter>'));
    assert.equal(problems[0].end, problems[0].start);
  });

  it('maps errors through the percent-encoding of a jiraissues URL', () => {
    const page =
      '<ac:structured-macro ac:name="jiraissues"><ac:parameter ac:name="url">https://j/sr/SearchRequest.xml?jqlQuery=project+%3D+ABC+AND+status+%3D%3D+Open&amp;tempMax=5</ac:parameter></ac:structured-macro>';
    assert.deepEqual(run('jira-jql-syntax', page).hits, ['%3D']);
  });

  it('reads the default parameter of an old jiraissues macro and its 4.x ac:macro form', () => {
    const page = '<ac:macro ac:name="jiraissues"><ac:default-parameter>http://j/sr/x.xml?jqlQuery=a+%3D</ac:default-parameter></ac:macro>';
    assert.equal(run('jira-jql-syntax', page).problems.length, 1);
  });

  it('skips single-issue macros and macros without JQL', () => {
    assert.deepEqual(run('jira-jql-syntax', jira('<ac:parameter ac:name="key">A-1</ac:parameter><ac:parameter ac:name="jqlQuery">a = = b</ac:parameter>')).hits, []);
    assert.deepEqual(run('jira-jql-syntax', jira('<ac:parameter ac:name="jqlQuery"> </ac:parameter>')).hits, []);
    assert.deepEqual(run('jira-jql-syntax', '<ac:structured-macro ac:name="jirachart"><ac:parameter ac:name="jql">a = = b</ac:parameter></ac:structured-macro>').hits, []);
  });

  it('exposes the parse per macro for other tools', () => {
    const [m] = jiraMacros(parseStorage(jql('project = A')));
    assert.equal(m.jql?.parsed.errors.length, 0);
    assert.equal(m.jql?.fromUrl, false);
  });
});

describe('jira-jql-username', () => {
  const userMap = { jsmith: '5b10ac8d82e05b22cc7d4ef5', 'A & B': '557058:f58131cb-b67d-43c7-b30d-6b58d40bd077' };

  it('lands on each username, quotes and entities included, with the username as data', () => {
    const { hits, problems } = run('jira-jql-username', jql('assignee = jsmith AND reporter in (&quot;A &amp; B&quot;, currentUser()) AND status changed BY x'), { userMap });
    assert.deepEqual(hits, ['jsmith', '&quot;A &amp; B&quot;', 'x']);
    assert.deepEqual(problems.map((p) => p.data), [{ username: 'jsmith' }, { username: 'A & B' }, { username: 'x' }]);
    assert.deepEqual(problems.map((p) => p.fix !== undefined), [true, true, false]);
  });

  it('fixes into a query that parses and names the account ids', () => {
    const { page, problems } = run('jira-jql-username', jql('assignee = jsmith AND reporter in (&quot;A &amp; B&quot;)'), { userMap });
    const fixed = applyFixes(page, problems.flatMap((p) => (p.fix ? [p.fix] : []))).text;
    assert.equal(fixed, jql('assignee = 5b10ac8d82e05b22cc7d4ef5 AND reporter in ("557058:f58131cb-b67d-43c7-b30d-6b58d40bd077")'));
    const [m] = jiraMacros(parseStorage(fixed));
    assert.deepEqual(m.jql!.parsed.errors, []);
    assert.deepEqual(run('jira-jql-username', fixed, { userMap }).problems, []);
  });

  it('percent-encodes the replacement inside a jiraissues URL', () => {
    const page = '<ac:structured-macro ac:name="jiraissues"><ac:parameter ac:name="url">http://j/sr/x.xml?jqlQuery=assignee+%3D+jsmith&amp;tempMax=5</ac:parameter></ac:structured-macro>';
    const { problems, hits } = run('jira-jql-username', page, { userMap: { jsmith: '557058:f58131cb-b67d-43c7-b30d-6b58d40bd077' } });
    assert.deepEqual(hits, ['jsmith']);
    assert.equal(problems[0].fix?.text, '%22557058%3Af58131cb-b67d-43c7-b30d-6b58d40bd077%22');
  });
});

describe('jira-jql-unsupported-function', () => {
  it('lands on the function with its arguments, entity-encoded, with the name as data', () => {
    const { hits, problems } = run('jira-jql-unsupported-function', jql('issueFunction in subtasksOf(&quot;project = A&quot;) AND issueFunction in custom()'));
    assert.deepEqual(hits, ['subtasksOf(&quot;project = A&quot;)', 'issueFunction']);
    assert.deepEqual(problems.map((p) => p.data), [{ function: 'subtasksOf' }, { function: 'issueFunction' }]);
  });
});

describe('jira-server-link', () => {
  const servers = { jiraServers: { 'old-id': { serverId: 'new-id', server: 'Cloud &' } } };

  it('reports on the serverId value, with both values as data, and fixes both parameters', () => {
    const page = jira('<ac:parameter ac:name="server">Old</ac:parameter><ac:parameter ac:name="serverId">old-id</ac:parameter><ac:parameter ac:name="key">A-1</ac:parameter>');
    const { hits, problems } = run('jira-server-link', page, servers);
    assert.deepEqual(hits, ['old-id']);
    assert.deepEqual(problems[0].data, { serverId: 'old-id', server: 'Old' });
    assert.equal(
      applyFixes(page, [problems[0].fix!]).text,
      jira('<ac:parameter ac:name="server">Cloud &amp;</ac:parameter><ac:parameter ac:name="serverId">new-id</ac:parameter><ac:parameter ac:name="key">A-1</ac:parameter>'),
    );
  });

  it('matches by server name when the id is not mapped, and reports without a fix when nothing matches', () => {
    const byName = { jiraServers: { 'Old JIRA': { serverId: 'new-id' } } };
    const page = jira('<ac:parameter ac:name="serverId">other</ac:parameter><ac:parameter ac:name="server">Old JIRA</ac:parameter>');
    const fixed = applyFixes(page, [run('jira-server-link', page, byName).problems[0].fix!]).text;
    assert.equal(fixed, jira('<ac:parameter ac:name="serverId">new-id</ac:parameter><ac:parameter ac:name="server">Old JIRA</ac:parameter>'));
    assert.deepEqual(run('jira-server-link', fixed, byName).problems, []);
    assert.equal(run('jira-server-link', page).problems[0].fix, undefined);
  });
});

describe('jira-macro-count', () => {
  it('reports once, on the start tag of the first macro over the limit', () => {
    const macros = [1, 2, 3, 4].map((i) => jira(`<ac:parameter ac:name="key">A-${i}</ac:parameter>`)).join('');
    const { page, problems } = run('jira-macro-count', macros, { jiraMacroLimit: 2 });
    assert.equal(problems.length, 1);
    const third = page.indexOf('<ac:structured-macro', page.indexOf('A-2'));
    assert.deepEqual([problems[0].start, problems[0].end], [third, third + '<ac:structured-macro ac:name="jira" ac:schema-version="1">'.length]);
    assert.deepEqual(problems[0].data, { count: 4, limit: 2 });
    assert.deepEqual(run('jira-macro-count', macros, { jiraMacroLimit: 4 }).problems, []);
  });

  it('reports a single Jira macro when the limit is 0', () => {
    assert.equal(run('jira-macro-count', jql('project = A'), { jiraMacroLimit: 0 }).problems.length, 1);
  });
});

describe('user-reference', () => {
  it('lands on the attribute and rewrites it to ri:account-id', () => {
    const page = '<ac:link><ri:user ri:userkey="k1" /></ac:link><ac:link><ri:user ri:username=\'jo &amp; co\'/></ac:link>';
    const { hits, problems } = run('user-reference', page, { userMap: { k1: '5b10ac8d82e05b22cc7d4ef5', 'jo & co': 'a"b' } });
    assert.deepEqual(hits, ['ri:userkey="k1"', "ri:username='jo &amp; co'"]);
    assert.deepEqual(problems.map((p) => p.data), [{ userkey: 'k1' }, { username: 'jo & co' }]);
    assert.equal(
      applyFixes(page, problems.map((p) => p.fix!)).text,
      '<ac:link><ri:user ri:account-id="5b10ac8d82e05b22cc7d4ef5" /></ac:link><ac:link><ri:user ri:account-id="a&quot;b"/></ac:link>',
    );
  });

  it('leaves account ids alone and offers no fix for unmapped users', () => {
    assert.deepEqual(run('user-reference', '<ri:user ri:account-id="x" ri:userkey="k"/>').problems, []);
    assert.equal(run('user-reference', '<ri:user ri:userkey="k"/>').problems[0].fix, undefined);
  });
});

describe('JQL parse is shared', () => {
  it('returns the same parse for the same query', () => {
    assert.equal(parseJql('project = SAME'), parseJql('project = SAME'));
  });
});
