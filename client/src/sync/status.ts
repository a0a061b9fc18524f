/** The sync state in the status bar: pulled files changed locally, and refused pushes. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { readIndex, sha256 } from '../../../server/src/sync/index';

export class SyncStatus {
  private readonly item = vscode.window.createStatusBarItem('confluenceTriage.sync', vscode.StatusBarAlignment.Left, 10);
  private timer: NodeJS.Timeout | undefined;

  constructor() {
    this.item.name = 'Confluence sync';
    this.item.command = 'confluenceTriage.push';
  }

  /** Recomputes soon (coalesces bursts of saves). */
  schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.update(), 300);
  }

  async update(): Promise<void> {
    const files = await vscode.workspace.findFiles('**/.confluence/index.json', '**/node_modules/**', 50);
    let pages = 0;
    let changed = 0;
    let conflicts = 0;
    for (const uri of files) {
      const folder = path.dirname(path.dirname(uri.fsPath));
      let index;
      try {
        index = readIndex(folder);
      } catch {
        continue;
      }
      for (const p of index?.pages ?? []) {
        pages++;
        if (p.conflict) conflicts++;
        else if (!p.hash) continue;
        else {
          try {
            if (sha256(fs.readFileSync(path.join(folder, p.file), 'utf8')) !== p.hash) changed++;
          } catch {
            // A deleted file is not a change to push.
          }
        }
      }
    }
    if (pages === 0) {
      this.item.hide();
      return;
    }
    const parts = [`${changed} changed`, ...(conflicts > 0 ? [`${conflicts} conflict${conflicts === 1 ? '' : 's'}`] : [])];
    this.item.text = changed === 0 && conflicts === 0 ? '$(cloud) in sync' : `$(cloud) ${parts.join(', ')}`;
    this.item.tooltip = `Confluence: ${pages} pulled page(s); click to push the changed ones`;
    this.item.show();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.item.dispose();
  }
}
