// Small exports for the CLI tests: two spaces, known findings at known lines, short links across spaces.
import { encodeShortCode } from '../../server/src/core/shortlink/codec';
import { bodyContent, entities, page, space } from '../export/helpers';

export const NAVMAP = '<ac:structured-macro ac:name="navmap" ac:schema-version="1" />';

/** Space DOC: page 1 ("Start", a legacy macro on line 2 col 1), page 2 (a short link to page 30 in ENG, in export B). */
export function exportA(extra: string[] = []): string {
  return entities([
    space('100', 'DOC', 'Documentation'),
    page({ id: '1', title: 'Start', spaceId: '100', status: 'current' }),
    bodyContent({ id: '901', pageId: '1', body: `<p>intro</p>\n${NAVMAP}` }),
    page({ id: '2', title: 'Links', spaceId: '100', status: 'current', parentId: '1' }),
    bodyContent({ id: '902', pageId: '2', body: `<p>See <a href="https://dc.example.com/x/${encodeShortCode('30')}">setup</a> and /x/${encodeShortCode('777777')}.</p>` }),
    page({ id: '3', title: 'Start', spaceId: '100', status: 'current', version: 1, originalVersion: '1' }),
    bodyContent({ id: '903', pageId: '3', body: NAVMAP }),
    ...extra,
  ]);
}

/** Space ENG: page 30 ("Setup guide"). */
export function exportB(): string {
  return entities([
    space('300', 'ENG', 'Engineering'),
    page({ id: '30', title: 'Setup guide', spaceId: '300', status: 'current' }),
    bodyContent({ id: '930', pageId: '30', body: '<p>setup</p>' }),
  ]);
}
