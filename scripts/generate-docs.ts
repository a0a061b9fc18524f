/**
 * Generates the rule documentation from the registry: `docs/rules/<id>.md` per rule, and
 * the rules table in README.md between `<!-- rules:start -->` and `<!-- rules:end -->`.
 * Run: `npx tsx scripts/generate-docs.ts` (npm run docs). test/docs/generate-docs.test.ts
 * regenerates in memory and fails when the committed files differ.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RULES } from '../server/src/core/rules/index';
import type { Rule } from '../server/src/core/rules/rule';

export const ROOT = path.resolve(__dirname, '..');
export const DOCS_DIR = path.join(ROOT, 'docs/rules');
export const README = path.join(ROOT, 'README.md');
const START = '<!-- rules:start -->';
const END = '<!-- rules:end -->';

const formats = (rule: Rule) => [rule.storage ? 'storage' : '', rule.adf ? 'ADF' : ''].filter(Boolean).join(', ');

/** The doc page of one rule. */
export function renderRuleDoc(rule: Rule): string {
  return [
    `# ${rule.id}`,
    '',
    rule.description,
    '',
    '| Default severity | Formats | Quick fix |',
    '|---|---|---|',
    `| ${rule.defaultSeverity} | ${formats(rule)} | ${rule.fixable ? 'yes' : 'no'} |`,
    '',
    rule.docs.trim(),
    '',
    '## Configuration',
    '',
    `Change the severity, or turn the rule off, in \`.confluence-triage.json\`: \`{"rules": {"${rule.id}": "off"}}\`.`,
    `In a storage page, \`<!-- confluence-triage-disable-next ${rule.id} -->\` silences it for the next element.`,
    '',
    `<!-- Generated from server/src/core/rules/${rule.id}.ts by scripts/generate-docs.ts. Do not edit. -->`,
    '',
  ].join('\n');
}

/** The README rules table (the text between the markers, markers excluded). */
export function renderRulesTable(rules: readonly Rule[]): string {
  const rows = rules.map(
    (r) => `| [\`${r.id}\`](docs/rules/${r.id}.md) | ${r.description.replace(/\|/g, '\\|')} | ${r.defaultSeverity} | ${formats(r)} | ${r.fixable ? 'yes' : ''} |`,
  );
  return ['', '| Rule | What it finds | Default | Formats | Fix |', '|---|---|---|---|---|', ...rows, ''].join('\n');
}

/** README text with the table between the markers (markers appended at the end when absent). */
export function spliceReadme(readme: string, table: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) return `${readme.replace(/\n*$/, '\n\n')}${START}${table}${END}\n`;
  return readme.slice(0, start + START.length) + table + readme.slice(end);
}

/** Every generated file: absolute path → expected content. */
export function generatedFiles(rules: readonly Rule[] = RULES): Map<string, string> {
  const files = new Map<string, string>();
  for (const rule of rules) files.set(path.join(DOCS_DIR, `${rule.id}.md`), renderRuleDoc(rule));
  const readme = fs.existsSync(README) ? fs.readFileSync(README, 'utf8') : '# confluence-triage\n';
  files.set(README, spliceReadme(readme, renderRulesTable(rules)));
  return files;
}

/** Doc pages of rules that no longer exist. */
export function staleDocPages(rules: readonly Rule[] = RULES): string[] {
  if (!fs.existsSync(DOCS_DIR)) return [];
  const ids = new Set(rules.map((r) => r.id));
  return fs
    .readdirSync(DOCS_DIR)
    .filter((f) => f.endsWith('.md') && !ids.has(f.slice(0, -3)))
    .map((f) => path.join(DOCS_DIR, f));
}

if (require.main === module) {
  fs.mkdirSync(DOCS_DIR, { recursive: true });
  for (const [file, content] of generatedFiles()) {
    const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
    if (current !== content) {
      fs.writeFileSync(file, content);
      console.log(`wrote ${path.relative(ROOT, file)}`);
    }
  }
  for (const file of staleDocPages()) {
    fs.unlinkSync(file);
    console.log(`removed ${path.relative(ROOT, file)}`);
  }
}
