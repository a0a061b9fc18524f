/**
 * Every rule over every real page of the shared corpus (read in place, never copied): no rule
 * crashes, and every quick fix, applied alone or all together, leaves a page that parses with
 * no new syntax errors and still holds every text run of the original, in order.
 */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyFixes } from '../../../server/src/core/fixes';
import { lint } from '../../../server/src/core/lint';
import { parseStorage } from '../../../server/src/core/storage/parser';
import type { XmlNode } from '../../../server/src/core/storage/tree';
import type { Fix } from '../../../server/src/core/types';
import { CORPUS as SHARED_CORPUS } from '../../helpers/shared';

const CORPUS = join(SHARED_CORPUS, 'storage');

/** Text a reader sees (text and CDATA outside macro parameters), whitespace-normalised. */
function textRuns(text: string): string[] {
  const runs: string[] = [];
  const stack: { node: XmlNode; inParam: boolean }[] = [{ node: parseStorage(text).root, inParam: false }];
  while (stack.length > 0) {
    const { node, inParam } = stack.pop()!;
    if (node.kind === 'element') {
      const param = inParam || node.name === 'ac:parameter';
      for (let i = node.children.length - 1; i >= 0; i--) stack.push({ node: node.children[i], inParam: param });
    } else if ((node.kind === 'text' || node.kind === 'cdata') && !inParam) {
      const run = node.value.replace(/\s+/g, ' ').trim();
      if (run) runs.push(run);
    }
  }
  return runs;
}

function assertKeepsText(before: string, after: string, what: string): void {
  const kept = textRuns(after).join(' ');
  let cursor = 0;
  for (const run of textRuns(before)) {
    const at = kept.indexOf(run, cursor);
    assert.ok(at >= 0, `${what} lost text ${JSON.stringify(run)}`);
    cursor = at + run.length;
  }
}

const syntaxErrors = (text: string) => parseStorage(text).errors.length;

describe('all rules over the real-page corpus', () => {
  const pages = readdirSync(CORPUS).filter((f) => f.endsWith('.storage.xhtml')).sort();

  it('finds the corpus', () => assert.ok(pages.length >= 50, `only ${pages.length} pages in ${CORPUS}`));

  let fixesSeen = 0;
  for (const page of pages) {
    it(page, () => {
      const text = readFileSync(join(CORPUS, page), 'utf8');
      const { problems } = lint(text, 'storage');
      const crashes = problems.filter((p) => p.message.startsWith('internal error in rule'));
      assert.deepEqual(crashes.map((p) => p.message), []);

      const fixes: Fix[] = problems.flatMap((p) => (p.fix ? [p.fix] : []));
      fixesSeen += fixes.length;
      const errorsBefore = syntaxErrors(text);
      for (const fix of fixes) {
        const fixed = applyFixes(text, [fix]).text;
        const what = `the fix at ${fix.start} of ${page}`;
        assert.ok(syntaxErrors(fixed) <= errorsBefore, `${what} introduced syntax errors`);
        assertKeepsText(text, fixed, what);
      }

      let current = text;
      for (let round = 0; round < 10 && fixes.length > 0; round++) {
        const next = lint(current, 'storage').problems.flatMap((p) => (p.fix ? [p.fix] : []));
        if (next.length === 0) break;
        current = applyFixes(current, next).text;
      }
      assert.ok(syntaxErrors(current) <= errorsBefore, 'fix-all introduced syntax errors');
      assertKeepsText(text, current, 'fix-all');
      assert.deepEqual(lint(current, 'storage').problems.filter((p) => p.fix).map((p) => p.ruleId), [], 'fixable problems left');
    });
  }

  it('exercised real fixes', () => assert.ok(fixesSeen >= 20, `only ${fixesSeen} fixes in the corpus`));
});
