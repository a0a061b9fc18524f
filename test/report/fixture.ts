// A small two-space export whose report figures are known by construction (used by the unit
// test of the report data and by the browser test in test/e2e/report.e2e.mjs).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeShortCode } from '../../server/src/core/shortlink/codec';
import { bodyContent, entities, page, space } from '../export/helpers';

const NAVMAP = '<p><ac:structured-macro ac:name="navmap" ac:schema-version="1" /></p>';
const JIRA =
  '<p><ac:structured-macro ac:name="jira" ac:schema-version="1"><ac:parameter ac:name="jqlQuery">assignee = jsmith</ac:parameter></ac:structured-macro></p>';

/**
 * DOC: 1 → {2, 5, 6}, 2 → 3 → 4 (depth 4, page 1 has 3 children). Page 2: a legacy macro and a
 * short link to ENG's page 10; page 4: two legacy macros. ENG: page 10 (with one historical
 * version and one draft) and page 11 in wiki markup. 8 current pages in all.
 */
export function reportFixture(dir: string): string {
  const link = `<p>See <a href="https://wiki.example.com/x/${encodeShortCode('10')}">setup</a>.</p>`;
  const xml = entities([
    space('100', 'DOC', 'Documentation'),
    space('200', 'ENG', 'Engineering'),
    page({ id: '1', title: 'Home', spaceId: '100', status: 'current' }),
    bodyContent({ id: '901', pageId: '1', body: '<p>Welcome</p>' }),
    page({ id: '2', title: 'Guides', spaceId: '100', status: 'current', parentId: '1' }),
    bodyContent({ id: '902', pageId: '2', body: `${NAVMAP}${link}` }),
    page({ id: '3', title: 'Install', spaceId: '100', status: 'current', parentId: '2' }),
    bodyContent({ id: '903', pageId: '3', body: '<p>Install it.</p>' }),
    page({ id: '4', title: 'Install on Linux', spaceId: '100', status: 'current', parentId: '3' }),
    bodyContent({ id: '904', pageId: '4', body: `${NAVMAP}${NAVMAP}${'<p>long body text</p>'.repeat(200)}` }),
    page({ id: '5', title: 'FAQ', spaceId: '100', status: 'current', parentId: '1' }),
    bodyContent({ id: '905', pageId: '5', body: '<p>Questions</p>' }),
    page({ id: '6', title: 'Glossary', spaceId: '100', status: 'current', parentId: '1' }),
    bodyContent({ id: '906', pageId: '6', body: '<p>Terms</p>' }),
    page({ id: '10', title: 'Setup', spaceId: '200', status: 'current', version: 2 }),
    bodyContent({ id: '910', pageId: '10', body: JIRA }),
    page({ id: '12', title: 'Setup', spaceId: '200', status: 'current', version: 1, originalVersion: '10' }),
    bodyContent({ id: '912', pageId: '12', body: `${NAVMAP}${NAVMAP}` }),
    page({ id: '13', title: 'Setup', spaceId: '200', status: 'draft', originalVersion: '10' }),
    bodyContent({ id: '913', pageId: '13', body: NAVMAP }),
    page({ id: '11', title: 'Old notes', spaceId: '200', status: 'current', parentId: '10' }),
    bodyContent({ id: '911', pageId: '11', body: 'h1. Notes\n{navmap}', bodyType: 0 }),
  ]);
  const file = join(dir, 'spaces.xml');
  writeFileSync(file, xml);
  return file;
}
