/**
 * Data-driven rule fixtures: test/fixtures/storage/<rule-id>/<case>.storage.xhtml.
 *
 * For each page: every problem must match an `<!-- expect: rule-id -->` marker placed right
 * before the node it is reported on (and every marker must be used); fix-all must give
 * exactly `<case>.fixed.storage.xhtml`; re-linting that output must find nothing fixable;
 * and no text run of the page may be lost. UPDATE_SNAPSHOTS=1 rewrites the .fixed files.
 */
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveConfig } from '../../server/src/core/config';
import { applyFixes } from '../../server/src/core/fixes';
import { lint, type LintOptions } from '../../server/src/core/lint';
import { parseStorage } from '../../server/src/core/storage/parser';
import { findShortLinks } from '../../server/src/core/shortlink/find';
import type { XmlComment, XmlElement, XmlNode } from '../../server/src/core/storage/tree';
import type { KnownPage, Problem } from '../../server/src/core/types';
import { RULES } from '../../server/src/core/rules/index';

const ROOT = join(__dirname, '../fixtures/storage');
const MARKER = /^\s*expect:\s*(.+?)\s*$/;

interface Marker {
  readonly rule: string;
  readonly start: number;
  readonly end: number;
  remaining: number;
}

function nodes(root: XmlElement): XmlNode[] {
  const out: XmlNode[] = [];
  const stack: XmlNode[] = [root];
  while (stack.length) {
    const n = stack.pop()!;
    out.push(n);
    if (n.kind === 'element') for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]);
  }
  return out;
}

function targetOf(comment: XmlComment): XmlNode | undefined {
  const siblings = comment.parent.children;
  for (let i = siblings.indexOf(comment) + 1; i < siblings.length; i++) {
    const s = siblings[i];
    if (s.kind === 'text' && s.value.trim() === '') continue;
    if (s.kind === 'comment') continue;
    return s;
  }
  return undefined;
}

function markersOf(text: string): Marker[] {
  const markers: Marker[] = [];
  for (const n of nodes(parseStorage(text).root)) {
    if (n.kind !== 'comment') continue;
    const m = MARKER.exec(n.value);
    if (!m) continue;
    const target = targetOf(n);
    assert.ok(target, `marker at ${n.start} has no target node`);
    // The target range starts at the comment's end, so markup that is not a node (a stray
    // end tag) between the comment and the next node can be targeted too.
    for (const item of m[1].split(',')) {
      const [rule, count] = item.trim().split(/\s+x/);
      markers.push({ rule, start: n.end, end: target.end, remaining: count ? Number(count) : 1 });
    }
  }
  return markers;
}

/** Text of the page a reader sees: text and CDATA outside macro parameters, with short links left out. */
function textRuns(text: string): string[] {
  const runs: string[] = [];
  for (const n of nodes(parseStorage(text).root)) {
    if (n.kind !== 'text' && n.kind !== 'cdata') continue;
    let inParam = false;
    for (let p: XmlElement | undefined = n.parent; p; p = p.parent) if (p.name === 'ac:parameter') inParam = true;
    if (inParam) continue;
    // A fixed short link is replaced by a page link, so the link itself (and only it) may go.
    let value = n.value;
    for (const link of findShortLinks(value).reverse()) value = value.slice(0, link.start) + ' ' + value.slice(link.end);
    const run = value.replace(/\s+/g, ' ').trim();
    if (run) runs.push(run);
  }
  return runs;
}

function describeProblem(text: string, p: Problem): string {
  return `${p.ruleId} [${p.start}, ${p.end}) ${JSON.stringify(text.slice(p.start, Math.min(p.end, p.start + 60)))}`;
}

function fixAll(text: string, options: LintOptions): string {
  let current = text;
  for (let round = 0; round < 10; round++) {
    const fixes = lint(current, 'storage', options).problems.flatMap((p) => (p.fix ? [p.fix] : []));
    if (fixes.length === 0) break;
    current = applyFixes(current, fixes).text;
  }
  return current;
}

function optionsFor(page: string): LintOptions {
  const configPath = page.replace(/\.storage\.xhtml$/, '.config.json');
  if (!existsSync(configPath)) return {};
  const raw = JSON.parse(readFileSync(configPath, 'utf8')) as { config?: unknown; knownPages?: KnownPage[] };
  const { config, errors } = resolveConfig(raw.config ?? {});
  assert.deepEqual(errors, [], `${configPath} has configuration errors`);
  const pages = new Map((raw.knownPages ?? []).map((p) => [p.id, p]));
  return { config, index: { pageById: (id) => pages.get(id) } };
}

describe('rule fixtures', () => {
  const ruleDirs = existsSync(ROOT) ? readdirSync(ROOT).sort() : [];

  it('every storage rule has a fixture folder, and every folder names a storage rule', () => {
    const storageRules = RULES.filter((r) => r.storage).map((r) => r.id).sort();
    assert.deepEqual(ruleDirs, storageRules);
  });

  for (const dir of ruleDirs) {
    const pages = readdirSync(join(ROOT, dir)).filter((f) => f.endsWith('.storage.xhtml') && !f.endsWith('.fixed.storage.xhtml'));
    describe(dir, () => {
      for (const file of pages) {
        const path = join(ROOT, dir, file);
        it(file, () => {
          const text = readFileSync(path, 'utf8');
          const options = optionsFor(path);
          const { problems } = lint(text, 'storage', options);
          const markers = markersOf(text);
          const unexpected: string[] = [];
          for (const p of problems) {
            const m = markers.find((k) => k.rule === p.ruleId && k.remaining > 0 && p.start >= k.start && p.end <= k.end);
            if (m) m.remaining--;
            else unexpected.push(describeProblem(text, p));
          }
          const unused = markers.filter((m) => m.remaining > 0).map((m) => `${m.rule} at ${m.start} (${m.remaining} missing)`);
          assert.deepEqual({ unexpected, unused }, { unexpected: [], unused: [] });

          const fixedPath = path.replace(/\.storage\.xhtml$/, '.fixed.storage.xhtml');
          const fixed = fixAll(text, options);
          if (fixed === text) {
            assert.ok(!existsSync(fixedPath), `${fixedPath} exists but no fix applies`);
            return;
          }
          if (process.env.UPDATE_SNAPSHOTS) writeFileSync(fixedPath, fixed);
          assert.ok(existsSync(fixedPath), `fixes apply: add ${fixedPath} (UPDATE_SNAPSHOTS=1, then review it)`);
          assert.equal(fixed, readFileSync(fixedPath, 'utf8'));

          const after = lint(fixed, 'storage', options).problems;
          assert.deepEqual(after.filter((p) => p.fix).map((p) => describeProblem(fixed, p)), [], 'fixable problems left after fix-all');
          assert.deepEqual(
            after.filter((p) => p.ruleId === 'xml-syntax').map((p) => describeProblem(fixed, p)),
            problems.filter((p) => p.ruleId === 'xml-syntax').map((p) => describeProblem(text, p)),
            'fixes introduced syntax errors',
          );
          const kept = textRuns(fixed).join(' ');
          let cursor = 0;
          for (const run of textRuns(text)) {
            const at = kept.indexOf(run, cursor);
            assert.ok(at >= 0, `text lost by the fixes: ${JSON.stringify(run)}`);
            cursor = at + run.length;
          }
        });
      }
    });
  }
});
