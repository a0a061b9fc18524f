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
import type { StorageDocument, XmlComment, XmlElement, XmlNode } from './storage/tree';

interface Region {
  readonly start: number;
  end: number;
  readonly rules: ReadonlySet<string> | 'all';
}

export interface Suppressions {
  covers(problem: Problem): boolean;
}

const DIRECTIVE = /^\s*confluence-triage-(disable-next|disable|enable)\b([^]*)$/;

function collectComments(root: XmlElement): XmlComment[] {
  const out: XmlComment[] = [];
  const stack: XmlNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.kind === 'comment') out.push(node);
    else if (node.kind === 'element') for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]);
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
  if (doc.text.indexOf('confluence-triage-') < 0) return undefined;
  const regions: Region[] = [];
  const open: Region[] = [];
  for (const comment of collectComments(doc.root)) {
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
