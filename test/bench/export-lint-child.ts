/**
 * Child process of export-lint.bench.ts (bundled by it with esbuild, so no TypeScript loader is
 * measured): `generate FILE BYTES`, `lint FILE JOBS` (checks recall against FILE.manifest.json)
 * and `rewrite FILE OUT` (the CLI's short-link rewrite path). Prints one JSON line.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { DEFAULT_CONFIG } from '../../server/src/core/config';
import { fixOneExport } from '../../server/src/cli/export-fix';
import { buildPageIndex } from '../../server/src/export/index';
import { lintExport } from '../../server/src/export/lint-export';
import { indexOf } from '../../server/src/lsp/workspace-index';
import { writeSyntheticExport, type PlantedFinding, type SyntheticManifest } from './synthetic-export';

const RULE_OF: Record<PlantedFinding['kind'], string> = { 'short-link': 'short-link', 'legacy-macro': 'legacy-macro', 'jira-username-jql': 'jira-jql-username' };

const cpu = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

async function main(): Promise<void> {
  const [mode, file, arg] = process.argv.slice(2);
  const t0 = performance.now();
  const c0 = cpu();
  if (mode === 'generate') {
    const m = writeSyntheticExport(file, { targetBytes: Number(arg), seed: 1 });
    writeFileSync(`${file}.manifest.json`, JSON.stringify(m));
    console.log(JSON.stringify({ bytes: m.bytes, currentPages: m.currentPages, historicalVersions: m.historicalVersions, findings: m.findings.length, ms: performance.now() - t0 }));
    return;
  }
  if (mode === 'lint') {
    const manifest = JSON.parse(readFileSync(`${file}.manifest.json`, 'utf8')) as SyntheticManifest;
    const planted = new Map<string, PlantedFinding[]>();
    for (const f of manifest.findings) planted.set(f.pageId, [...(planted.get(f.pageId) ?? []), f]);
    const run = lintExport(file, { config: DEFAULT_CONFIG, knownPages: [] }, { jobs: Number(arg) });
    let pages = 0;
    let findings = 0;
    let found = 0;
    const missing: PlantedFinding[] = [];
    for await (const page of run.pages()) {
      pages++;
      findings += page.findings.length;
      for (const p of planted.get(page.pageId) ?? []) {
        // Same rule, same page, and the finding starts inside the planted text (a JQL finding
        // points at the username within the query; the others start exactly at the offset).
        const hit = page.findings.some((f) => f.ruleId === RULE_OF[p.kind] && f.start >= p.offset && f.start < p.offset + p.text.length && (p.kind === 'jira-username-jql' || f.start === p.offset));
        if (hit) found++;
        else missing.push(p);
      }
    }
    const notSeen = manifest.findings.length - found - missing.length;
    console.log(JSON.stringify({ ms: performance.now() - t0, cpuMs: cpu() - c0, workers: run.workers, pages, findings, planted: manifest.findings.length, found, missing: missing.length + notSeen, examples: missing.slice(0, 3), summary: { currentPages: run.reading.summary.currentPages, historicalVersions: run.reading.summary.historicalVersions, problems: run.reading.summary.problems.length } }));
    return;
  }
  if (mode === 'rewrite') {
    const { pages } = await buildPageIndex(file);
    const indexMs = performance.now() - t0;
    const sink = new Writable({ write: (_c, _e, cb) => cb() });
    const outcome = await fixOneExport(file, { config: DEFAULT_CONFIG, index: indexOf([...pages.values()]), only: ['short-link'] }, { stdout: sink, stderr: sink, env: {}, cwd: process.cwd() }, false);
    const manifest = JSON.parse(readFileSync(`${file}.manifest.json`, 'utf8')) as SyntheticManifest;
    const plantedLinks = manifest.findings.filter((f) => f.kind === 'short-link').length;
    console.log(JSON.stringify({ ms: performance.now() - t0, indexMs, cpuMs: cpu() - c0, fixes: outcome.fixes, pagesChanged: outcome.pagesChanged, unresolved: outcome.unresolved, plantedLinks }));
    return;
  }
  throw new Error(`unknown mode ${mode}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
