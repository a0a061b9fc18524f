/**
 * Makes a converted tree fit the official ADF schema, asking the schema's own content
 * expressions (prosemirror-model ContentMatch) at every step rather than a hand-written
 * list. Where a child does not fit its container, the child is reshaped in the way that
 * keeps the most: wrapped in a paragraph, renamed to its nested variant, demoted (a heading
 * in a list item becomes bold text), unwrapped (a layout inside a panel gives up its
 * columns), or lifted out to the nearest ancestor that accepts it (a panel in a panel).
 * Text is never dropped; every reshape is reported as a finding.
 */
import { Fragment, Mark, type NodeType } from 'prosemirror-model';
import { adfSchema } from '../adf/pm-schema';
import { paragraph, type AdfJson, type AdfMark, type SourceRange } from './adf-json';
import type { FindingAction } from './findings';

type ContentMatch = NodeType['contentMatch'];

export interface NormalizeContext {
  /** Reports a reshape of `subject` (located through the converter's source map). */
  report(subject: AdfJson, code: string, action: FindingAction, message: string, suggestion?: string): void;
  sourceOf(subject: AdfJson): SourceRange | undefined;
}

const nodeType = (name: string): NodeType | undefined =>
  Object.prototype.hasOwnProperty.call(adfSchema.nodes, name) ? (adfSchema.nodes as Record<string, NodeType>)[name] : undefined;

/** Nodes that are better lifted out whole than unwrapped: they carry meaning as a unit. */
const LIFT = new Set(['panel', 'table', 'bodiedExtension', 'expand', 'nestedExpand', 'mediaSingle', 'decisionList', 'taskList', 'codeBlock', 'extension', 'blockCard', 'embedCard', 'rule', 'mediaGroup']);

const describe = (type: string) => type.replace(/([A-Z])/g, ' $1').toLowerCase();

/** Marks allowed on a text child of `parent`, deduplicated and in schema order. */
function fitMarks(parent: NodeType, marks: readonly AdfMark[] | undefined): AdfMark[] | undefined {
  if (!marks || marks.length === 0) return undefined;
  let set = Mark.none;
  for (const m of marks) {
    const type = (adfSchema.marks as Record<string, Mark['type']>)[m.type];
    if (!type || !parent.allowsMarkType(type)) continue;
    try {
      set = type.create(m.attrs).addToSet(set);
    } catch {
      // Attributes the schema rejects: the mark is presentation only, the text stays.
    }
  }
  // The schema decides which marks stay and their order; the JSON is the original (PM's
  // toJSON would add every defaulted attribute, which the JSON schema rejects).
  const out = set.map((pm) => marks.find((m) => m.type === pm.type.name)!);
  return out.length ? out : undefined;
}

/** Drops null attributes, which PM fills in for defaults and the JSON schema rejects. */
function clean(json: AdfJson): AdfJson {
  if (json.attrs) {
    for (const [k, v] of Object.entries(json.attrs)) if (v === null) delete json.attrs[k];
    if (Object.keys(json.attrs).length === 0) delete json.attrs;
  }
  json.content?.forEach(clean);
  return json;
}

/** Unwraps a node into blocks its parent may hold: a title paragraph, then its content. */
function unwrap(child: AdfJson): AdfJson[] {
  if (child.type === 'layoutSection') return (child.content ?? []).flatMap((col) => col.content ?? []);
  const title = typeof child.attrs?.title === 'string' && child.attrs.title ? [paragraph([{ type: 'text', text: child.attrs.title, marks: [{ type: 'strong' }] }])] : [];
  return [...title, ...(child.content ?? [])];
}

/** A heading that may not stand here becomes a paragraph of bold text. */
function demoteHeading(child: AdfJson): AdfJson {
  const content = (child.content ?? []).map((c) =>
    c.type === 'text' && !c.marks?.some((m) => m.type === 'strong') ? { ...c, marks: [...(c.marks ?? []), { type: 'strong' }] } : c,
  );
  return paragraph(content);
}

export class Normalizer {
  constructor(private readonly ctx: NormalizeContext) {}

  /** Normalises the document in place. */
  doc(doc: AdfJson): void {
    const lifted = this.container(doc, true);
    // Nothing can be lifted out of the document itself; `container` unwraps there instead.
    doc.content!.push(...lifted);
  }

  /**
   * Fits the children of `n` (recursively) and returns the children that must be lifted
   * out to the parent, to be placed right after `n`.
   */
  private container(n: AdfJson, isRoot = false): AdfJson[] {
    const type = nodeType(n.type);
    if (!type) return [];
    if (type.isTextblock || type.inlineContent) {
      return this.inline(n, type);
    }
    if (!n.content) {
      if (type.contentMatch.validEnd) return [];
      n.content = [];
    }
    const kids: AdfJson[] = [];
    for (const child of n.content) kids.push(child, ...this.container(child));

    const out: AdfJson[] = [];
    const overflow: AdfJson[] = [];
    let match: ContentMatch = type.contentMatch;
    let run: AdfJson[] = [];
    const flushRun = () => {
      if (run.length === 0) return;
      const para = paragraph(run);
      run = [];
      this.inline(para, nodeType('paragraph')!);
      const next = match.matchType(nodeType('paragraph')!);
      if (next) {
        out.push(para);
        match = next;
      } else overflow.push(para);
    };

    for (let i = 0; i < kids.length; i++) {
      const child = kids[i];
      const childType = nodeType(child.type);
      if (!childType) continue;
      if (childType.isInline && !type.inlineContent) {
        run.push(child);
        continue;
      }
      flushRun();
      const direct = match.matchType(childType);
      if (direct) {
        out.push(child);
        match = direct;
        continue;
      }
      // Expands have a nested twin for inside tables and other expands.
      const twin = child.type === 'expand' ? 'nestedExpand' : child.type === 'nestedExpand' ? 'expand' : undefined;
      const twinMatch = twin ? match.matchType(nodeType(twin)!) : null;
      if (twin && twinMatch) {
        child.type = twin;
        this.container(child);
        out.push(child);
        match = twinMatch;
        continue;
      }
      // A list item must start with a paragraph: an empty one makes room for what follows.
      const viaParagraph = match.matchType(nodeType('paragraph')!)?.matchType(childType);
      if (viaParagraph) {
        out.push(paragraph());
        out.push(child);
        match = viaParagraph;
        continue;
      }
      if (child.type === 'heading' && match.matchType(nodeType('paragraph')!)) {
        this.ctx.report(child, 'heading-not-allowed', 'restructured', `a heading inside a ${describe(n.type)} became bold text`);
        kids.splice(i + 1, 0, demoteHeading(child));
        continue;
      }
      const canLift = !isRoot && LIFT.has(child.type);
      if (canLift) {
        this.ctx.report(
          child,
          `${child.type}-in-${n.type}`,
          'restructured',
          `a ${describe(child.type)} inside a ${describe(n.type)} cannot be represented: it was moved out, after the ${describe(n.type)}`,
          'check the order of the content around it',
        );
        overflow.push(child);
        continue;
      }
      if (child.content && child.content.length > 0) {
        this.ctx.report(
          child,
          `${child.type}-in-${n.type}`,
          'restructured',
          `a ${describe(child.type)} inside a ${describe(n.type)} cannot be represented: its content was kept in place without it`,
        );
        kids.splice(i + 1, 0, ...unwrap(child));
        continue;
      }
      // A leaf with no text the container cannot hold (a rule in a blockquote): lift it, or
      // at the root, where nothing can be lifted, leave it out and say so.
      if (!isRoot) overflow.push(child);
      else this.ctx.report(child, `${child.type}-dropped`, 'restructured', `a ${describe(child.type)} could not be placed and was left out`);
    }
    flushRun();
    if (!match.validEnd) {
      const fill = match.fillBefore(Fragment.empty, true);
      if (fill) out.push(...((fill.toJSON() as AdfJson[] | null) ?? []).map(clean));
      else if (match.matchType(nodeType('paragraph')!)) out.push(paragraph());
    }
    n.content = out;
    return overflow;
  }

  /** Fits inline children: allowed nodes and marks only; blocks are lifted out. */
  private inline(n: AdfJson, type: NodeType): AdfJson[] {
    if (!n.content) return [];
    const out: AdfJson[] = [];
    const overflow: AdfJson[] = [];
    for (const child of n.content) {
      const childType = nodeType(child.type);
      if (!childType) continue;
      if (!childType.isInline) {
        overflow.push(child, ...this.container(child));
        continue;
      }
      if (type.spec.code) {
        // Code blocks hold plain text only.
        const text = child.type === 'text' ? child.text! : child.type === 'hardBreak' ? '\n' : '';
        if (text) out.push({ type: 'text', text });
        continue;
      }
      if (!type.contentMatch.matchType(childType)) {
        const text = child.type === 'text' ? child.text : typeof child.attrs?.text === 'string' ? (child.attrs.text as string) : '';
        if (text) out.push({ type: 'text', text });
        continue;
      }
      const marks = child.type === 'text' ? fitMarks(type, child.marks) : undefined;
      const fitted: AdfJson = { ...child };
      if (marks) fitted.marks = marks;
      else delete fitted.marks;
      if (fitted.type === 'text' && !fitted.text) continue;
      out.push(fitted);
    }
    if (out.length) n.content = out;
    else delete n.content;
    return overflow;
  }
}

