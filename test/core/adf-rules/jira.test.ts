/**
 * The Jira macro rules on ADF: findings at the exact characters inside the JSON strings
 * (escapes included), fixes written JSON-escaped, and fix-all output that lints clean.
 */
import { strict as assert } from 'node:assert';
import { adfJiraMacros } from '../../../server/src/core/jql/adf-jira-macros';
import { parseAdf } from '../../../server/src/core/adf/parser';
import { adfText, doc, extension, node, p } from '../../helpers/adf-builder';
import { corpusDocuments, fixAll, run } from './run';

const MACRO = 'com.atlassian.confluence.macro.core';
const params = (values: Record<string, string>, key = 'macroParams') => ({
  [key]: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { value: v }])),
  macroMetadata: { schemaVersion: { value: '1' } },
});
const jira = (values: Record<string, string>, name = 'jira', key = 'macroParams') => extension(MACRO, name, params(values, key));
const inlineJira = (values: Record<string, string>) =>
  node('inlineExtension', { extensionType: MACRO, extensionKey: 'jira', parameters: params(values) });

/** The source text of `value` written as a JSON string's content (no quotes). */
const inJson = (value: string) => JSON.stringify(value).slice(1, -1);

const JIRA_RULES = ['jira-jql-syntax', 'jira-jql-username', 'jira-jql-unsupported-function', 'jira-server-link', 'jira-macro-count'];

describe('ADF: jira-jql-syntax', () => {
  it('lands on the offending characters after escaped quotes and \\u escapes', () => {
    // The page writes é as \u00e9: the error token must still be found by its source characters.
    const text = JSON.stringify(doc(jira({ jqlQuery: 'summary ~ "x" AND summary ~ "caf\u00e9" AND status = Done Today' })))
      .replace('caf\u00e9', 'caf\\u00e9');
    assert.ok(text.includes('caf\\u00e9'));
    const { hits, problems } = run(['jira-jql-syntax'], text);
    assert.deepEqual(hits, ['Today']);
    assert.equal(problems[0].start, text.indexOf('Today'));
  });

  it('maps an error on an escaped quote to its two source characters', () => {
    const text = adfText(doc(jira({ jqlQuery: 'project = ABC AND summary ~ "unclosed' })));
    const { hits } = run(['jira-jql-syntax'], text);
    assert.deepEqual(hits, [inJson('"unclosed')]);
  });

  it('puts an error at the end of the query just before the closing quote', () => {
    const text = adfText(doc(jira({ jqlQuery: 'project = ABC AND (' })));
    const { problems } = run(['jira-jql-syntax'], text);
    assert.equal(problems.length, 1);
    assert.equal(problems[0].start, text.indexOf('AND ("') + 'AND ('.length);
    assert.equal(problems[0].end, problems[0].start);
  });

  it('reads the old macroparams spelling, inline macros, and jiraissues URLs', () => {
    assert.deepEqual(run(['jira-jql-syntax'], adfText(doc(jira({ jqlQuery: 'a = = b' }, 'jira', 'macroparams')))).hits, ['=']);
    assert.deepEqual(run(['jira-jql-syntax'], adfText(doc(p('see ', inlineJira({ jqlQuery: 'a = = b' }))))).hits, ['=']);
    const url = 'https://j/sr/SearchRequest.xml?jqlQuery=project+%3D+ABC+AND+status+%3D%3D+Open&tempMax=5';
    assert.deepEqual(run(['jira-jql-syntax'], adfText(doc(jira({ url }, 'jiraissues')))).hits, ['%3D']);
  });

  it('skips single-issue macros, other extension types and other macros', () => {
    assert.deepEqual(run(['jira-jql-syntax'], adfText(doc(jira({ key: 'A-1', jqlQuery: 'a = = b' })))).hits, []);
    assert.deepEqual(run(['jira-jql-syntax'], adfText(doc(extension('com.atlassian.ecosystem', 'jira', params({ jqlQuery: 'a = = b' }))))).hits, []);
    assert.deepEqual(run(['jira-jql-syntax'], adfText(doc(extension(MACRO, 'jirachart', params({ jqlQuery: 'a = = b' }))))).hits, []);
  });

  it('uses the value JSON.parse keeps when a parameter name is duplicated', () => {
    const text = '{"type":"doc","version":1,"content":[{"type":"extension","attrs":{"extensionType":"' + MACRO +
      '","extensionKey":"jira","parameters":{"macroParams":{"jqlQuery":{"value":"a = = b"},"jqlQuery":{"value":"c = = d"}}}}}]}';
    const { problems } = run(['jira-jql-syntax'], text);
    assert.equal(problems.length, 1);
    assert.equal(problems[0].start, text.indexOf('c = = d') + 4);
  });
});

describe('ADF: jira-jql-username', () => {
  const userMap = { jsmith: '5b10ac8d82e05b22cc7d4ef5', 'A "B"': '557058:f58131cb-b67d-43c7-b30d-6b58d40bd077' };
  const query = 'assignee = jsmith AND reporter in ("A \\"B\\"", currentUser()) AND status changed BY x';

  it('reports each username at its characters, escapes included', () => {
    const text = adfText(doc(jira({ jqlQuery: query })));
    const { hits, problems } = run(['jira-jql-username'], text, { userMap });
    assert.deepEqual(hits, ['jsmith', inJson('"A \\"B\\""'), 'x']);
    assert.deepEqual(problems.map((pr) => pr.data), [{ username: 'jsmith' }, { username: 'A "B"' }, { username: 'x' }]);
    assert.deepEqual(problems.map((pr) => pr.fix !== undefined), [true, true, false]);
  });

  it('fixes to account ids, JSON-escaped, and the fixed page lints without fixable problems', () => {
    const text = adfText(doc(jira({ jqlQuery: query })));
    const fixed = fixAll(['jira-jql-username'], text, { userMap });
    assert.equal(
      fixed,
      adfText(doc(jira({ jqlQuery: 'assignee = 5b10ac8d82e05b22cc7d4ef5 AND reporter in ("557058:f58131cb-b67d-43c7-b30d-6b58d40bd077", currentUser()) AND status changed BY x' }))),
    );
    const again = run(['jira-jql-username'], fixed, { userMap });
    assert.deepEqual(again.hits, ['x']);
    assert.ok(again.problems.every((pr) => pr.fix === undefined));
  });

  it('fixes inside a jiraissues URL: percent-encoded, then JSON-escaped', () => {
    const text = adfText(doc(jira({ url: 'https://j/sr/x.xml?jqlQuery=assignee+%3D+jsmith&tempMax=5' }, 'jiraissues')));
    const fixed = fixAll(['jira-jql-username'], text, { userMap: { jsmith: '557058:f58131cb-b67d-43c7-b30d-6b58d40bd077' } });
    assert.equal(
      fixed,
      adfText(doc(jira({ url: 'https://j/sr/x.xml?jqlQuery=assignee+%3D+%22557058%3Af58131cb-b67d-43c7-b30d-6b58d40bd077%22&tempMax=5' }, 'jiraissues'))),
    );
  });
});

describe('ADF: jira-jql-unsupported-function', () => {
  it('reports ScriptRunner functions and issueFunction at their characters', () => {
    const call = 'linkedIssuesOf("project = \\"A\\"", "blocks")';
    const text = adfText(doc(jira({ jqlQuery: `issueFunction in ${call} AND issue in hasComments()` })));
    const { hits, problems } = run(['jira-jql-unsupported-function'], text);
    assert.deepEqual(hits, [inJson(call), 'hasComments()']);
    assert.deepEqual(problems.map((pr) => pr.data), [{ function: 'linkedIssuesOf' }, { function: 'hasComments' }]);
  });
});

describe('ADF: jira-server-link', () => {
  const servers = { jiraServers: { 'old-id': { serverId: 'new-id', server: 'Cloud "Jira"' }, 'Old JIRA': { serverId: 'id-2' } } };

  it('reports the serverId literal and replaces both values, JSON-escaped', () => {
    const text = adfText(doc(jira({ server: 'Old', serverId: 'old-id', jqlQuery: 'a = b' })));
    const { hits, problems } = run(['jira-server-link'], text, servers);
    assert.deepEqual(hits, ['"old-id"']);
    assert.deepEqual(problems[0].data, { serverId: 'old-id', server: 'Old' });
    const fixed = fixAll(['jira-server-link'], text, servers);
    assert.equal(fixed, adfText(doc(jira({ server: 'Cloud "Jira"', serverId: 'new-id', jqlQuery: 'a = b' }))));
    assert.deepEqual(run(['jira-server-link'], fixed, servers).problems, []);
  });

  it('adds a serverId parameter after server when there is none', () => {
    const text = JSON.stringify(doc(jira({ server: 'Old JIRA', jqlQuery: 'a = b' })));
    const { hits } = run(['jira-server-link'], text, servers);
    assert.deepEqual(hits, ['"Old JIRA"']);
    const fixed = fixAll(['jira-server-link'], text, servers);
    assert.equal(fixed, JSON.stringify(doc(jira({ server: 'Old JIRA', jqlQuery: 'a = b' }))).replace('{"value":"Old JIRA"}', '{"value":"Old JIRA"}, "serverId": { "value": "id-2" }'));
    assert.deepEqual(JSON.parse(fixed).content[0].attrs.parameters.macroParams.serverId, { value: 'id-2' });
    assert.deepEqual(run(['jira-server-link'], fixed, servers).problems, []);
  });

  it('reports without a fix when no mapping exists', () => {
    const { problems } = run(['jira-server-link'], adfText(doc(jira({ serverId: 'other' }))), servers);
    assert.equal(problems.length, 1);
    assert.equal(problems[0].fix, undefined);
  });
});

describe('ADF: jira-macro-count', () => {
  it('reports on the extensionKey of the first macro over the limit', () => {
    const macros = [jira({ key: 'A-1' }), jira({ key: 'A-2' }), node('paragraph', undefined, inlineJira({ key: 'A-3' }))];
    const text = adfText(doc(...macros));
    const { problems } = run(['jira-macro-count'], text, { jiraMacroLimit: 2 });
    assert.equal(problems.length, 1);
    assert.deepEqual(problems[0].data, { count: 3, limit: 2 });
    assert.equal(text.slice(problems[0].start, problems[0].end), '"jira"');
    assert.equal(problems[0].start, text.lastIndexOf('"extensionKey": "jira"') + '"extensionKey": '.length);
    assert.deepEqual(run(['jira-macro-count'], text, { jiraMacroLimit: 3 }).problems, []);
  });
});

describe('ADF: Jira macros', () => {
  it('exposes parameters with their literal ranges', () => {
    const text = adfText(doc(jira({ jqlQuery: 'a = "é"', serverId: 's' })));
    const [macro] = adfJiraMacros(parseAdf(text));
    const q = macro.param('jqlQuery')!;
    assert.equal(text.slice(q.start, q.end), JSON.stringify('a = "é"'));
    assert.equal(macro.jql!.parsed.jql, 'a = "é"');
    assert.equal(macro.param('missing'), undefined);
  });

  it('gives no false positives on real Cloud pages', () => {
    for (const [name, text] of corpusDocuments()) {
      assert.deepEqual(run(JIRA_RULES, text).problems, [], name);
    }
  });
});
