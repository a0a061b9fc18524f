/**
 * The migration report. Page entries are appended to `report-pages.jsonl` in the state folder
 * as pages finish (memory stays flat however large the space); `writeReport` then streams them
 * into one JSON file, keeping the latest entry of each page across resumed and delta runs,
 * and writes a readable text summary beside it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as readline from 'node:readline';

export const REPORT_PAGES_FILE = 'report-pages.jsonl';

export type PageStatus =
  | 'created' | 'adopted' | 'updated' | 'conflict' | 'title-taken' | 'failed' | 'blocked';

export interface TriageFinding {
  ruleId: string;
  severity: string;
  start: number;
  end: number;
  message: string;
}

export interface ConversionNote {
  code: string;
  action: string;
  start: number;
  end: number;
  message: string;
  suggestion?: string;
}

export interface PageReport {
  oldId: string;
  title: string;
  status: PageStatus;
  newId?: string;
  url?: string;
  dcVersion?: number;
  cloudVersion?: number;
  attachments?: number;
  links?: { rewritten: number; unresolved: number };
  reason?: string;
  triage: TriageFinding[];
  conversion: ConversionNote[];
  at: string;
}

export interface ReportSummary {
  space: string;
  from: string;
  to: string;
  startedAt: string;
  finishedAt: string;
  complete: boolean;
  pagesInSpace: number;
  byStatus: Record<string, number>;
  triageFindings: number;
  conversionFindings: number;
  thisRun: Record<string, number>;
}

export class ReportLog {
  private readonly stream: fs.WriteStream;
  /**
   * Each page's outcome this run. A page written again by the relink pass counts once, with
   * the outcome of its creation (created or adopted), unless the relink itself went wrong.
   */
  private readonly statusOf = new Map<string, PageStatus>();

  constructor(readonly stateDir: string) {
    this.stream = fs.createWriteStream(path.join(stateDir, REPORT_PAGES_FILE), { flags: 'a' });
  }

  add(entry: PageReport): void {
    if (!this.statusOf.has(entry.oldId) || entry.status !== 'created') this.statusOf.set(entry.oldId, entry.status);
    this.stream.write(`${JSON.stringify(entry)}\n`);
  }

  /** Pages of this run by status. */
  get thisRun(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const status of this.statusOf.values()) counts[status] = (counts[status] ?? 0) + 1;
    return counts;
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => this.stream.end((err?: Error | null) => (err ? reject(err) : resolve())));
  }
}

async function* lines(file: string): AsyncGenerator<string> {
  if (!fs.existsSync(file)) return;
  const rl = readline.createInterface({ input: fs.createReadStream(file, 'utf8'), crlfDelay: Infinity });
  for await (const line of rl) if (line.trim() !== '') yield line;
}

/**
 * Writes `<reportFile>` (JSON: summary + pages) and `<reportFile minus .json>.txt`. Only pages
 * still in the space (`inSpace`) are listed; the latest entry of each wins.
 */
export async function writeReport(stateDir: string, reportFile: string, base: Omit<ReportSummary, 'byStatus' | 'triageFindings' | 'conversionFindings'>, inSpace: ReadonlySet<string>): Promise<ReportSummary> {
  const source = path.join(stateDir, REPORT_PAGES_FILE);
  // Pass 1: the line number of each page's latest entry (ids only in memory).
  const last = new Map<string, number>();
  let n = 0;
  for await (const line of lines(source)) {
    const id = /"oldId":"([^"]*)"/.exec(line)?.[1];
    if (id !== undefined) last.set(id, n);
    n++;
  }
  const summary: ReportSummary = { ...base, byStatus: {}, triageFindings: 0, conversionFindings: 0 };
  fs.mkdirSync(path.dirname(path.resolve(reportFile)), { recursive: true });
  const tmp = `${reportFile}.tmp`;
  const out = fs.createWriteStream(tmp);
  const write = (s: string) => new Promise<void>((resolve) => (out.write(s) ? resolve() : out.once('drain', resolve)));
  const attention: string[] = [];
  await write('{\n"pages": [\n');
  n = 0;
  let first = true;
  for await (const line of lines(source)) {
    const i = n++;
    const entry = JSON.parse(line) as PageReport;
    if (last.get(entry.oldId) !== i || !inSpace.has(entry.oldId)) continue;
    summary.byStatus[entry.status] = (summary.byStatus[entry.status] ?? 0) + 1;
    summary.triageFindings += entry.triage.length;
    summary.conversionFindings += entry.conversion.length;
    if (!['created', 'adopted', 'updated'].includes(entry.status) && attention.length < 200) {
      attention.push(`  ${entry.status.padEnd(11)} ${entry.title} (DC ${entry.oldId}${entry.newId ? ` → Cloud ${entry.newId}` : ''})${entry.reason ? `: ${entry.reason}` : ''}`);
    }
    await write(`${first ? '' : ',\n'}${line}`);
    first = false;
  }
  const listed = Object.values(summary.byStatus).reduce((a, b) => a + b, 0);
  if (listed < inSpace.size) summary.byStatus['not-migrated'] = inSpace.size - listed;
  await write(`\n],\n"summary": ${JSON.stringify(summary, null, 2)}\n}\n`);
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  fs.renameSync(tmp, reportFile);

  const text = [
    `Migration of space ${summary.space}: ${summary.from} → ${summary.to}`,
    `${summary.complete ? 'complete' : 'INCOMPLETE (run again to continue)'}; finished ${summary.finishedAt}`,
    `pages in the DC space: ${summary.pagesInSpace}`,
    ...Object.entries(summary.byStatus).sort().map(([k, v]) => `  ${k.padEnd(13)} ${v}`),
    `this run: ${Object.entries(summary.thisRun).sort().map(([k, v]) => `${k} ${v}`).join(', ') || 'nothing to do'}`,
    `triage findings: ${summary.triageFindings}; conversion findings: ${summary.conversionFindings}`,
    ...(attention.length > 0 ? ['needs attention:', ...attention] : []),
  ].join('\n');
  fs.writeFileSync(reportFile.replace(/\.json$/i, '') + '.txt', `${text}\n`);
  return summary;
}
