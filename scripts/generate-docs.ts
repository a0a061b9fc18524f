/**
 * Generates the rule documentation from the registry: `docs/rules/<id>.md` per rule, the
 * rules table in README.md between `<!-- rules:start -->` and `<!-- rules:end -->`, and the
 * JSON schema of `.confluence-triage.json` (VS Code validates and completes the file with it).
 * Run: `npx tsx scripts/generate-docs.ts` (npm run docs). test/docs/generate-docs.test.ts
 * regenerates in memory and fails when the committed files differ.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RULES } from '../server/src/core/rules/index';
import type { Rule } from '../server/src/core/rules/rule';
import { DEFAULT_CONFIG } from '../server/src/core/config';
import { DEFAULT_LEGACY_MACROS } from '../server/src/core/storage/macro-catalog';

export const ROOT = path.resolve(__dirname, '..');
export const DOCS_DIR = path.join(ROOT, 'docs/rules');
export const README = path.join(ROOT, 'README.md');
export const CONFIG_SCHEMA = path.join(ROOT, 'docs/confluence-triage.schema.json');
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

/** JSON schema of `.confluence-triage.json`; rule ids and the default legacy list come from the core. */
export function renderConfigSchema(rules: readonly Rule[]): string {
  const severity = { enum: ['error', 'warning', 'info', 'hint', 'off'] };
  const names = { type: 'object', additionalProperties: { type: 'string' } };
  const schema = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'confluence-triage configuration',
    type: 'object',
    additionalProperties: false,
    properties: {
      $schema: { type: 'string' },
      rules: {
        description: 'Severity of each rule, or "off".',
        type: 'object',
        additionalProperties: false,
        properties: Object.fromEntries(rules.map((r) => [r.id, { ...severity, description: `${r.description} (default: ${r.defaultSeverity})` }])),
      },
      legacyMacros: {
        description: `Legacy-only macros and their Cloud-editor equivalent. An object replaces the default list; {"add", "remove"} edits it. Default: ${Object.keys(DEFAULT_LEGACY_MACROS).join(', ')}.`,
        oneOf: [
          { type: 'object', properties: { add: names, remove: { type: 'array', items: { type: 'string' } } }, additionalProperties: false },
          names,
        ],
      },
      allowedMacros: { description: 'App or user macros the unknown-macro rule accepts.', type: 'array', items: { type: 'string' } },
      userMap: { description: 'Data Center username or user key → Atlassian account id.', ...names },
      jiraServers: {
        description: 'Data Center application link id (or name) → the Cloud Jira application link.',
        type: 'object',
        additionalProperties: {
          type: 'object',
          required: ['serverId'],
          properties: { serverId: { type: 'string' }, server: { type: 'string' } },
          additionalProperties: false,
        },
      },
      jiraMacroLimit: { description: `jira-macro-count fires above this many Jira macros on a page (default ${DEFAULT_CONFIG.jiraMacroLimit}).`, type: 'integer', minimum: 0 },
    },
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}

/** Every generated file: absolute path → expected content. */
export function generatedFiles(rules: readonly Rule[] = RULES): Map<string, string> {
  const files = new Map<string, string>();
  for (const rule of rules) files.set(path.join(DOCS_DIR, `${rule.id}.md`), renderRuleDoc(rule));
  const readme = fs.existsSync(README) ? fs.readFileSync(README, 'utf8') : '# confluence-triage\n';
  files.set(README, spliceReadme(readme, renderRulesTable(rules)));
  files.set(CONFIG_SCHEMA, renderConfigSchema(rules));
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
