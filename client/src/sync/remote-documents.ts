/**
 * Read-only documents holding a page's remote body (`confluence-remote:` scheme), so "Compare
 * with remote" is a vscode.diff without temp files.
 */
import * as vscode from 'vscode';

export const REMOTE_SCHEME = 'confluence-remote';

export class RemoteDocuments implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  /** Stores a body and returns its URI; the name keeps the file's language (suffix). */
  put(file: string, pageId: string, version: number, text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: REMOTE_SCHEME, path: `/${pageId}/v${version}/${file}` });
    this.texts.set(uri.toString(), text);
    this.changed.fire(uri);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  dispose(): void {
    this.changed.dispose();
  }
}
