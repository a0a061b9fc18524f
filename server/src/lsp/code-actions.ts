/**
 * Code actions from the lint published for the document's current version: "fix this",
 * "fix all <rule> in this file", `source.fixAll.confluenceTriage`, and "disable <rule> for
 * this element" (a suppression comment, storage only).
 *
 * A file-wide edit can be large (1,000 fixes), so it is never sent with the action list:
 * clients with `codeAction/resolve` fill it in lazily, every other client gets a command
 * (FIX_ALL_COMMAND) that the server executes by sending `workspace/applyEdit`. Only the
 * fix for the problem under the cursor travels inline.
 */
import {
  CodeActionKind,
  type CodeAction,
  type CodeActionParams,
  type Command,
  type Diagnostic,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { SOURCE } from './convert';
import type { PublishedLint } from './published-lint';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.confluenceTriage`;
/** Applies the edit in its argument (quick fixes for clients that take Commands, LSP before 3.8). */
export const APPLY_EDIT_COMMAND = 'confluenceTriage.applyEdit';
/** Computes a file-wide fix (argument: FixAllTarget) and sends it with `workspace/applyEdit`. */
export const FIX_ALL_COMMAND = 'confluenceTriage.fixAll';

export interface ActionCapabilities {
  /** The client accepts CodeAction literals (else it gets Commands). */
  readonly literals: boolean;
  /** The client accepts versioned `documentChanges` in a WorkspaceEdit. */
  readonly documentChanges: boolean;
  /** File-wide actions go out without their (large) edit, filled in by codeAction/resolve. */
  readonly resolve: boolean;
}

/** Which fixes a file-wide action gathers: the resolve data and the fix-all command's argument. */
export interface FixAllTarget {
  readonly fileWide: true;
  readonly uri: string;
  /** The document version the action was computed for; another version gets no edit. */
  readonly version: number;
  /** Only this rule's fixes, or every rule's. */
  readonly ruleId: string | null;
}

export function isFixAllTarget(value: unknown): value is FixAllTarget {
  const t = value as Partial<FixAllTarget> | undefined;
  return t?.fileWide === true && typeof t.uri === 'string' && typeof t.version === 'number' && (t.ruleId === null || typeof t.ruleId === 'string');
}

function workspaceEdit(doc: TextDocument, edits: TextEdit[], caps: ActionCapabilities): WorkspaceEdit {
  return caps.documentChanges
    ? { documentChanges: [{ textDocument: { uri: doc.uri, version: doc.version }, edits }] }
    : { changes: { [doc.uri]: edits } };
}

/** A `confluence-triage-disable-next` comment before the element holding problem `i`. */
function suppressionEdit(doc: TextDocument, published: PublishedLint, i: number): TextEdit | undefined {
  const anchor = published.anchorOf(i);
  if (anchor === undefined) return undefined;
  const position = published.range(anchor, anchor).start;
  const before = doc.getText().slice(published.positions.lineStart(position.line), anchor);
  const comment = `<!-- confluence-triage-disable-next ${published.problems[i].ruleId} -->`;
  return { range: { start: position, end: position }, newText: /^[ \t]*$/.test(before) ? `${comment}\n${before}` : comment };
}

/** The edit of a file-wide action, for the version it was made for (undefined once stale). */
export function fixAllEdit(doc: TextDocument, published: PublishedLint, target: FixAllTarget, caps: ActionCapabilities): { edit: WorkspaceEdit; diagnostics: Diagnostic[] } | undefined {
  if (doc.version !== target.version || published.version !== target.version) return undefined;
  const { edits, indexes } = published.fixAllEdits(target.ruleId);
  return { edit: workspaceEdit(doc, edits, caps), diagnostics: indexes.map((i) => published.diagnostics[i]) };
}

/** Fills in the edit of a file-wide action sent without one (codeAction/resolve). */
export function resolveCodeAction(action: CodeAction, lookup: (target: FixAllTarget) => { doc: TextDocument; published: PublishedLint } | undefined, caps: ActionCapabilities): CodeAction {
  if (!isFixAllTarget(action.data)) return action;
  const found = lookup(action.data);
  const resolved = found && fixAllEdit(found.doc, found.published, action.data, caps);
  return resolved ? { ...action, ...resolved } : action;
}

function fileWideAction(doc: TextDocument, title: string, kind: string, ruleId: string | null, caps: ActionCapabilities): CodeAction {
  const target: FixAllTarget = { fileWide: true, uri: doc.uri, version: doc.version, ruleId };
  if (caps.resolve) return { title, kind, data: target };
  return { title, kind, command: { title, command: FIX_ALL_COMMAND, arguments: [target] } };
}

function wanted(kind: string, only: readonly string[] | undefined): boolean {
  return !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
}

/**
 * @param published the lint published for `doc`'s current version; without it there is
 * nothing to offer (the client asks again when the new diagnostics arrive).
 */
export function codeActions(doc: TextDocument, params: CodeActionParams, published: PublishedLint | undefined, caps: ActionCapabilities): (CodeAction | Command)[] {
  if (!published || published.version !== doc.version) return [];
  const only = params.context.only;
  const actions: CodeAction[] = [];

  if (wanted(CodeActionKind.QuickFix, only)) {
    const offeredFixAll = new Set<string>();
    for (const given of params.context.diagnostics) {
      if (given.source !== SOURCE) continue;
      for (const i of published.problemsOf(given)) {
        const problem = published.problems[i];
        const diagnostic = published.diagnostics[i];
        if (problem.fix) {
          actions.push({
            title: problem.fixTitle ?? `Fix: ${problem.message}`,
            kind: CodeActionKind.QuickFix,
            diagnostics: [diagnostic],
            isPreferred: true,
            edit: workspaceEdit(doc, [published.edit(problem.fix)], caps),
          });
          if (!offeredFixAll.has(problem.ruleId) && published.fixableCount(problem.ruleId) > 1) {
            offeredFixAll.add(problem.ruleId);
            actions.push(fileWideAction(doc, `Fix all ${problem.ruleId} problems in this file`, CodeActionKind.QuickFix, problem.ruleId, caps));
          }
        }
        const suppress = suppressionEdit(doc, published, i);
        if (suppress) {
          actions.push({ title: `Disable ${problem.ruleId} for this element`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: workspaceEdit(doc, [suppress], caps) });
        }
      }
    }
  }

  // Clients that send no `only` list every action in one menu; offer fix-all there too (when
  // it does more than a single quick fix would).
  const fixAllWanted = only ? only.some((o) => FIX_ALL_KIND === o || FIX_ALL_KIND.startsWith(`${o}.`)) : true;
  if (fixAllWanted && published.fixableCount(null) > (only ? 0 : 1)) {
    actions.push(fileWideAction(doc, 'Fix all auto-fixable Confluence Triage problems', FIX_ALL_KIND, null, caps));
  }

  if (caps.literals) return actions;
  return actions.map((a) => a.command ?? { title: a.title, command: APPLY_EDIT_COMMAND, arguments: [a.edit] });
}
