/**
 * SARIF 2.1.0 output for code-scanning services: full rule metadata, results with
 * `%SRCROOT%`-relative locations (1-based lines, UTF-16 columns), stable fingerprints and
 * fixes. Validated in tests by Microsoft's SARIF Multitool and the official JSON schema.
 */
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { RULES } from '../core/rules/index';
import type { Rule } from '../core/rules/rule';
import { LineIndex } from '../core/text/line-index';
import type { Severity } from '../core/types';
import { UNREADABLE_FILE, type FileReport } from './lint-files';
import { ruleHelpUri, TOOL_NAME, TOOL_URL, TOOL_VERSION } from './tool-info';

type Level = 'error' | 'warning' | 'note';
const LEVEL: Record<Severity, Level> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };
const SRCROOT = '%SRCROOT%';

/** `legacy-macro` → `LegacyMacro`: SARIF's `name` is an identifier-like label. */
const pascal = (id: string) => id.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());

function firstParagraph(markdown: string): string {
  return markdown.trim().split(/\n\s*\n/)[0].replace(/\s*\n\s*/g, ' ');
}

function ruleDescriptor(rule: Rule) {
  return {
    id: rule.id,
    name: pascal(rule.id),
    shortDescription: { text: rule.description },
    fullDescription: { text: firstParagraph(rule.docs) },
    help: { text: rule.docs, markdown: rule.docs },
    helpUri: ruleHelpUri(rule.id),
    defaultConfiguration: { level: LEVEL[rule.defaultSeverity] },
    properties: { fixable: rule.fixable, tags: [rule.storage ? 'storage' : '', rule.adf ? 'adf' : ''].filter(Boolean) },
  };
}

const UNREADABLE_DESCRIPTOR = {
  id: UNREADABLE_FILE,
  name: pascal(UNREADABLE_FILE),
  shortDescription: { text: 'A file that could not be read as UTF-8 text (binary, invalid UTF-8, or unreadable).' },
  fullDescription: { text: 'The file was not analysed: it is binary, is not valid UTF-8, or could not be read. Re-save it as UTF-8 text.' },
  helpUri: `${TOOL_URL}#cli`,
  defaultConfiguration: { level: 'error' as Level },
};

/** Whitespace-insensitive snippet, so reformatting does not change a fingerprint. */
const normalize = (s: string) => s.replace(/\s+/g, ' ').trim().slice(0, 200);

/** Percent-encodes each path segment (SARIF URIs are RFC 3986 references). */
const uriReference = (rel: string) => rel.split('/').map(encodeURIComponent).join('/');

function artifactLocation(report: FileReport, cwd: string) {
  const rel = path.relative(cwd, report.path);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return { uri: pathToFileURL(report.path).href };
  return { uri: uriReference(rel.split(path.sep).join('/')), uriBaseId: SRCROOT };
}

export function formatSarif(reports: readonly FileReport[], cwd: string): string {
  const rules = [...RULES.map(ruleDescriptor), UNREADABLE_DESCRIPTOR];
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const results: unknown[] = [];
  for (const report of reports) {
    const location = artifactLocation(report, cwd);
    if (report.unreadable) {
      results.push({
        ruleId: UNREADABLE_FILE,
        ruleIndex: ruleIndex.get(UNREADABLE_FILE),
        level: 'error',
        message: { text: report.unreadable },
        locations: [{ physicalLocation: { artifactLocation: location, region: { byteOffset: 0, byteLength: report.size ?? 0 } } }],
      });
      continue;
    }
    const text = report.text ?? '';
    const lines = new LineIndex(text);
    const seen = new Map<string, number>();
    for (const { problem, from, to } of report.problems) {
      const key = `${problem.ruleId}\0${location.uri}\0${normalize(text.slice(problem.start, problem.end))}`;
      const occurrence = seen.get(key) ?? 0;
      seen.set(key, occurrence + 1);
      const region = { startLine: from.line, startColumn: from.column, endLine: to.line, endColumn: to.column };
      const result: Record<string, unknown> = {
        ruleId: problem.ruleId,
        ...(ruleIndex.has(problem.ruleId) ? { ruleIndex: ruleIndex.get(problem.ruleId) } : {}),
        level: LEVEL[problem.severity],
        message: { text: problem.message },
        locations: [{ physicalLocation: { artifactLocation: location, region } }],
        partialFingerprints: { 'confluenceTriage/v1': `${createHash('sha256').update(key).digest('hex').slice(0, 32)}:${occurrence + 1}` },
      };
      if (problem.data) result.properties = { ...problem.data };
      if (problem.fix) {
        const a = lines.at(problem.fix.start);
        const b = lines.at(problem.fix.end);
        result.fixes = [
          {
            description: { text: problem.fixTitle ?? `Fix ${problem.ruleId}` },
            artifactChanges: [
              {
                artifactLocation: location,
                replacements: [
                  {
                    deletedRegion: { startLine: a.line, startColumn: a.column, endLine: b.line, endColumn: b.column },
                    insertedContent: { text: problem.fix.text },
                  },
                ],
              },
            ],
          },
        ];
      }
      results.push(result);
    }
  }
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: TOOL_NAME, version: TOOL_VERSION, semanticVersion: TOOL_VERSION, informationUri: TOOL_URL, rules } },
        originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(cwd.endsWith(path.sep) ? cwd : cwd + path.sep).href } },
        invocations: [{ executionSuccessful: true }],
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
