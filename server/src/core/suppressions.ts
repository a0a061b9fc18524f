/**
 * Inline suppression comments in storage pages:
 *
 *   <!-- confluence-triage-disable rule-a rule-b -->   … until the matching enable (or the end)
 *   <!-- confluence-triage-enable rule-a -->
 *   <!-- confluence-triage-disable-next rule-a -->      … only the next element
 *
 * With no rule ids a comment applies to every rule. ADF has no comments, so ADF
 * documents are configured through `.confluence-triage.json` only.
 */
import type { Problem } from './types';
import type { StorageDocument, XmlComment, XmlElement } from './storage/tree';

interface Region {
  readonly start: number;
  end: number;
  readonly rules: ReadonlySet<string> | 'all';
}

export interface Suppressions {
  covers(problem: Problem): boolean;
}

const DIRECTIVE = /^\s*confluence-triage-(disable-next|disable|enable)\b([^]*)$/;

const KEYWORD = 'confluence-triage-';

/**
 * The comment node holding offset `at` (comments inside `ac:adf-fallback` included), found by
 * descending from the root through the child element that spans it.
 */
function commentAt(root: XmlElement, at: number): XmlComment | undefined {
  let el = root;
  for (;;) {
    const kids = el.elements;
    let lo = 0;
    let hi = kids.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (kids[mid].start <= at) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    const kid = found >= 0 ? kids[found] : undefined;
    if (!kid || at >= kid.end || at < kid.startTagEnd) break;
    el = kid;
  }
  for (const child of el.children) {
    if (child.start > at) break;
    if (at < child.end) return child.kind === 'comment' ? child : undefined;
  }
  return undefined;
}

/** The comments that mention the keyword, in document order: found by searching the text, not by walking the tree. */
function collectComments(doc: StorageDocument): XmlComment[] {
  const out: XmlComment[] = [];
  const text = doc.text;
  for (let at = text.indexOf(KEYWORD); at >= 0; at = text.indexOf(KEYWORD, at + KEYWORD.length)) {
    const comment = commentAt(doc.root, at);
    if (comment && comment !== out[out.length - 1]) out.push(comment);
  }
  return out;
}

function nextElementAfter(comment: XmlComment): XmlElement | undefined {
  const siblings = comment.parent.children;
  for (let i = siblings.indexOf(comment) + 1; i < siblings.length; i++) {
    const s = siblings[i];
    if (s.kind === 'element') return s;
    if (s.kind === 'text' && s.value.trim() !== '') return undefined;
  }
  return undefined;
}

export function suppressionsOf(doc: StorageDocument): Suppressions | undefined {
  // Pages without the keyword (nearly all) cost one search.
  if (doc.text.indexOf(KEYWORD) < 0) return undefined;
  const regions: Region[] = [];
  const open: Region[] = [];
  for (const comment of collectComments(doc)) {
    const m = DIRECTIVE.exec(comment.value);
    if (!m) continue;
    const ids = m[2].trim().split(/[\s,]+/).filter(Boolean);
    const rules: Region['rules'] = ids.length === 0 ? 'all' : new Set(ids);
    if (m[1] === 'disable-next') {
      const target = nextElementAfter(comment);
      if (target) regions.push({ start: target.start, end: target.end, rules });
    } else if (m[1] === 'disable') {
      const region = { start: comment.end, end: doc.text.length, rules };
      regions.push(region);
      open.push(region);
    } else {
      for (const region of open) {
        if (region.end !== doc.text.length) continue;
        if (ids.length === 0 || region.rules === 'all' || ids.some((id) => (region.rules as Set<string>).has(id))) {
          region.end = comment.start;
        }
      }
    }
  }
  if (regions.length === 0) return undefined;
  return {
    covers: (p) =>
      regions.some((r) => p.start >= r.start && p.start < r.end && (r.rules === 'all' || r.rules.has(p.ruleId))),
  };
}
