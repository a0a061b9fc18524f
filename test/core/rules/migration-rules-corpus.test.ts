/**
 * The short-link, Jira and user rules over every real page of the shared corpus (read in
 * place, never copied): nothing crashes, and the findings on pages we read by hand are exactly
 * the ones expected (rule, characters, data).
 */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveConfig } from '../../../server/src/core/config';
import { applyFixes } from '../../../server/src/core/fixes';
import { lint, type LintOptions } from '../../../server/src/core/lint';
import type { Format } from '../../../server/src/core/types';
import { CORPUS } from '../../helpers/shared';

const RULE_IDS = ['short-link', 'jira-jql-syntax', 'jira-jql-username', 'jira-jql-unsupported-function', 'jira-server-link', 'jira-macro-count', 'user-reference'];

const read = (dir: string, file: string) => readFileSync(join(CORPUS, dir, file), 'utf8');

/** `ruleId "slice" data` per finding, in order. */
function findings(text: string, format: Format = 'storage', options: LintOptions = {}): string[] {
  return lint(text, format, { ...options, only: RULE_IDS }).problems.map(
    (p) => `${p.ruleId} ${JSON.stringify(text.slice(p.start, p.end))} ${JSON.stringify(p.data ?? {})}`,
  );
}

describe('migration rules over the real corpus', () => {
  for (const [dir, format] of [
    ['storage', 'storage'],
    ['adf', 'adf'],
  ] as const) {
    it(`no rule crashes on any ${dir} page`, () => {
      for (const file of readdirSync(join(CORPUS, dir))) {
        const { problems } = lint(read(dir, file), format, { only: RULE_IDS });
        const internal = problems.filter((p) => p.message.startsWith('internal error'));
        assert.deepEqual(internal, [], file);
      }
    });
  }

  it('xwiki-links: six links to confluence.atlassian.com short links, decoded', () => {
    assert.deepEqual(findings(read('storage', 'xwiki-links.storage.xhtml')), [
      'short-link "https://confluence.atlassian.com/x/2EkGOQ" {"pageId":"956713432","code":"2EkGOQ"}',
      'short-link "https://confluence.atlassian.com/x/2yAC" {"pageId":"139483","code":"2yAC"}',
      'short-link "https://confluence.atlassian.com/x/ASEC" {"pageId":"139521","code":"ASEC"}',
      'short-link "https://confluence.atlassian.com/x/liAC" {"pageId":"139414","code":"liAC"}',
      'short-link "https://confluence.atlassian.com/x/NgszKw" {"pageId":"724765494","code":"NgszKw"}',
      'short-link "https://confluence.atlassian.com/x/SRwC" {"pageId":"138313","code":"SRwC"}',
    ]);
  });

  it('xwiki-links: a known page id turns the link into a title link, keeping its text', () => {
    const text = read('storage', 'xwiki-links.storage.xhtml');
    const index = { pageById: (id: string) => (id === '956713432' ? { id, title: 'How to generate the tiny link', spaceKey: 'CONFKB' } : undefined) };
    const { problems } = lint(text, 'storage', { only: ['short-link'], index });
    const fixes = problems.flatMap((p) => (p.fix ? [p.fix] : []));
    assert.equal(fixes.length, 1);
    const fixed = applyFixes(text, fixes).text;
    assert.ok(
      fixed.includes(
        '<p><ac:link><ri:page ri:content-title="How to generate the tiny link" ri:space-key="CONFKB"/><ac:plain-text-link-body><![CDATA[link]]></ac:plain-text-link-body></ac:link></p>',
      ),
    );
    assert.ok(!fixed.includes('/x/2EkGOQ'));
  });

  it('xwiki-confluence80tags: five short links in task bodies', () => {
    assert.deepEqual(
      findings(read('storage', 'xwiki-confluence80tags.storage.xhtml')).filter((f) => f.startsWith('short-link')).map((f) => f.split(' ')[1]),
      ['"https://confluence.atlassian.com/x/NgszKw"', '"https://confluence.atlassian.com/x/liAC"', '"https://confluence.atlassian.com/x/ASEC"', '"https://confluence.atlassian.com/x/2yAC"', '"https://confluence.atlassian.com/x/SRwC"'],
    );
  });

  it('xwiki-jira: seven macros bound to application link 520ce16e…, one named only "Jira ID"; valid JQL', () => {
    const text = read('storage', 'xwiki-jira.storage.xhtml');
    const id = 'jira-server-link "520ce16e-e768-373b-b327-d7568ea882d1" {"serverId":"520ce16e-e768-373b-b327-d7568ea882d1","server":"Jira ID"}';
    assert.deepEqual(findings(text), [id, id, id, id, id, id, id, 'jira-server-link "Jira ID" {"server":"Jira ID"}']);
    // Each lands on the value of a serverId parameter (found here independently of the parser).
    const open = '<ac:parameter ac:name="serverId">';
    const starts = [...text.matchAll(/<ac:parameter ac:name="serverId">/g)].map((m) => m.index! + open.length);
    const reported = lint(text, 'storage', { only: ['jira-server-link'] }).problems.map((p) => p.start);
    assert.deepEqual(reported.slice(0, 7), starts);
    assert.equal(reported[7], text.lastIndexOf('Jira ID</ac:parameter>'));
  });

  it('xwiki-jira: mapped to the Cloud link, every macro is fixed and nothing is left', () => {
    const text = read('storage', 'xwiki-jira.storage.xhtml');
    const { config } = resolveConfig({ jiraServers: { '520ce16e-e768-373b-b327-d7568ea882d1': { serverId: 'cloud-link', server: 'Jira Cloud' }, 'Jira ID': { serverId: 'cloud-link', server: 'Jira Cloud' } } });
    const fixes = lint(text, 'storage', { only: ['jira-server-link'], config }).problems.map((p) => p.fix!);
    const fixed = applyFixes(text, fixes).text;
    assert.equal((fixed.match(/<ac:parameter ac:name="serverId">cloud-link<\/ac:parameter>/g) ?? []).length, 8);
    assert.equal((fixed.match(/<ac:parameter ac:name="server">Jira Cloud<\/ac:parameter>/g) ?? []).length, 8);
    assert.deepEqual(lint(fixed, 'storage', { only: ['jira-server-link'], config }).problems, []);
  });

  it('xwiki-jira: with a limit of 3, the fourth of eight macros is reported', () => {
    const text = read('storage', 'xwiki-jira.storage.xhtml');
    const { config } = resolveConfig({ jiraMacroLimit: 3 });
    const [p, ...rest] = lint(text, 'storage', { only: ['jira-macro-count'], config }).problems;
    assert.deepEqual(rest, []);
    assert.deepEqual(p.data, { count: 8, limit: 3 });
    assert.ok(text.slice(p.start, p.end).startsWith('<ac:structured-macro ac:macro-id="2c131b56-aee8-4b83-806d-514f476725e3"'));
    assert.ok(text.indexOf('project = "test java"') > p.start);
  });

  it('hallowelt Jira pages: server links only; the `jql` parameter is not a Confluence parameter and a key wins', () => {
    assert.deepEqual(findings(read('storage', 'hallowelt-jira-macro.storage.xhtml')), [
      'jira-server-link "1a43h4459d325e4b" {"serverId":"1a43h4459d325e4b","server":"My JIRA"}',
    ]);
    assert.deepEqual(findings(read('storage', 'hallowelt-jira-macro-jql.storage.xhtml')), ['jira-server-link "My JIRA" {"server":"My JIRA"}']);
    assert.deepEqual(findings(read('storage', 'hallowelt-jira-macro-jql-summary.storage.xhtml')), ['jira-server-link "My JIRA" {"server":"My JIRA"}']);
    assert.deepEqual(findings(read('storage', 'hallowelt-jira-macro-key-wins.storage.xhtml')), []);
  });

  it('xwiki-users: user key and usernames, fixed through the user map', () => {
    const text = read('storage', 'xwiki-users.storage.xhtml');
    assert.deepEqual(findings(text), [
      'user-reference "ri:username=\\"UserName\\"" {"username":"UserName"}',
      'user-reference "ri:userkey=\\"ff80808156e241950156e468e9510003\\"" {"userkey":"ff80808156e241950156e468e9510003"}',
      'user-reference "ri:username=\\"C.ra ppy/User. /\\"" {"username":"C.ra ppy/User. /"}',
    ]);
    const { config } = resolveConfig({ userMap: { UserName: 'acc-1', ff80808156e241950156e468e9510003: 'acc-2', 'C.ra ppy/User. /': 'acc-3' } });
    const fixed = applyFixes(text, lint(text, 'storage', { only: ['user-reference'], config }).problems.map((p) => p.fix!)).text;
    assert.deepEqual(fixed.match(/<ri:user [^>]*>/g), ['<ri:user ri:account-id="acc-1" />', '<ri:user ri:account-id="acc-2" />', '<ri:user ri:account-id="acc-3" />']);
  });

  it('markfluence-aclink: a Cloud mention (ri:account-id) is fine', () => {
    assert.deepEqual(findings(read('storage', 'markfluence-aclink.storage.xhtml')), []);
  });

  it('hallowelt-table-complex: five user-key mentions', () => {
    const keys = findings(read('storage', 'hallowelt-table-complex.storage.xhtml')).map((f) => JSON.parse(f.slice(f.lastIndexOf(' {') + 1)).userkey);
    assert.deepEqual(keys, [
      '000000005e7f616b01606dc4e2080003',
      '8a24c45f93bbe67901943c7033640000',
      '000000005e7f616b01606dc4e2080003',
      '8a24c45f93bbe67901943c7033640000',
      '8a24c45f93bbe67901943c7033640000',
    ]);
  });
});
