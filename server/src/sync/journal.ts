/**
 * The migration journal: append-only JSON lines, each fsync'd before the step it records is
 * considered done. Concurrent appends are committed together (one write + one fsync for all
 * waiting entries), so durability does not serialise the workers. A torn last line (crash
 * mid-write) is ignored on replay.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export const JOURNAL_FILE = 'journal.jsonl';

export type JournalEntry =
  | { t: 'run'; at: string; from: string; to: string; space: string; delta: boolean }
  /** About to create: a page with this title found later in Cloud is ours (crash between create and record). */
  | { t: 'creating'; old: string; title: string }
  | { t: 'created'; old: string; new: string; title: string; dcVersion: number; cloudVersion: number; needsFinal: boolean }
  /** Editor property set and attachments uploaded. */
  | { t: 'ready'; old: string }
  /** Body written again with final links (pass 2) or a newer DC version (delta). */
  | { t: 'updated'; old: string; dcVersion: number; cloudVersion: number }
  | { t: 'end'; at: string; complete: boolean };

/** What the journal says about one DC page. */
export interface JournalPage {
  old: string;
  title: string;
  intent: boolean;
  newId?: string;
  dcVersion?: number;
  cloudVersion?: number;
  needsFinal: boolean;
  ready: boolean;
}

export class Journal {
  readonly pages = new Map<string, JournalPage>();
  private pending: { line: string; done: () => void; fail: (e: unknown) => void }[] = [];
  private flushing: Promise<void> | undefined;

  private constructor(readonly file: string, private readonly fd: fs.promises.FileHandle) {}

  /** Opens (creating) the journal in `dir` and replays it. */
  static async open(dir: string): Promise<Journal> {
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, JOURNAL_FILE);
    const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    const fd = await fs.promises.open(file, 'a');
    const journal = new Journal(file, fd);
    // A torn last line is dropped; terminate it so the next entry starts a fresh line.
    if (text !== '' && !text.endsWith('\n')) await fd.appendFile('\n');
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      let entry: JournalEntry;
      try {
        entry = JSON.parse(line) as JournalEntry;
      } catch {
        continue;
      }
      journal.apply(entry);
    }
    return journal;
  }

  /** Records an entry; resolves once it is on disk. */
  append(entry: JournalEntry): Promise<void> {
    this.apply(entry);
    return new Promise<void>((done, fail) => {
      this.pending.push({ line: `${JSON.stringify(entry)}\n`, done, fail });
      if (!this.flushing) this.flushing = this.flush();
    });
  }

  async close(): Promise<void> {
    while (this.flushing) await this.flushing;
    await this.fd.close();
  }

  private async flush(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending;
      this.pending = [];
      try {
        await this.fd.appendFile(batch.map((b) => b.line).join(''));
        await this.fd.sync();
        for (const b of batch) b.done();
      } catch (e) {
        for (const b of batch) b.fail(e);
      }
    }
    this.flushing = undefined;
  }

  private page(old: string, title = ''): JournalPage {
    let p = this.pages.get(old);
    if (!p) {
      p = { old, title, intent: false, needsFinal: false, ready: false };
      this.pages.set(old, p);
    }
    return p;
  }

  private apply(e: JournalEntry): void {
    switch (e.t) {
      case 'run':
      case 'end':
        return;
      case 'creating':
        this.page(e.old, e.title).intent = true;
        return;
      case 'created': {
        const p = this.page(e.old, e.title);
        Object.assign(p, { title: e.title, newId: e.new, dcVersion: e.dcVersion, cloudVersion: e.cloudVersion, needsFinal: e.needsFinal });
        return;
      }
      case 'ready':
        this.page(e.old).ready = true;
        return;
      case 'updated': {
        const p = this.page(e.old);
        Object.assign(p, { dcVersion: e.dcVersion, cloudVersion: e.cloudVersion, needsFinal: false });
        return;
      }
    }
  }
}
