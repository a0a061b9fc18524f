/**
 * JQL and short-link costs, each beside a reference measured in the same run: parseJql
 * (Atlassian's grammar + AST + position mapping) against the bare ANTLR lexer and parser;
 * a page with 200 Jira macros linted by the five Jira rules, first and again; findShortLinks
 * against a bare `/x/` regex scan of the same text. Figures go to BENCHMARKS.md by hand.
 */
import { CharStreams, CommonTokenStream } from 'antlr4ts';
import { JQLLexer, JQLParser } from '@atlassianlabs/jql-parser';
import { lint } from '../../server/src/core/lint';
import { parseJql } from '../../server/src/core/jql/parse';
import { findShortLinks } from '../../server/src/core/shortlink/find';

const JIRA_RULES = ['jira-jql-syntax', 'jira-jql-username', 'jira-jql-unsupported-function', 'jira-server-link', 'jira-macro-count'];
const query = (tag: string, i: number) =>
  `project = P${tag}${i} AND assignee in (u${i}, "a b", currentUser()) AND status changed BY x${i} AND issueFunction in hasComments() ORDER BY created DESC`;

function time(what: string, run: () => void): number {
  const start = performance.now();
  run();
  const ms = performance.now() - start;
  console.log(`${what}: ${ms.toFixed(1)} ms`);
  return ms;
}

function bareParse(jql: string): void {
  const lexer = new JQLLexer(CharStreams.fromString(jql));
  lexer.removeErrorListeners();
  const parser = new JQLParser(new CommonTokenStream(lexer));
  parser.removeErrorListeners();
  parser.jqlQuery();
}

// Warm both paths up on other queries: the first parse deserialises the ANTLR state machines.
time('first parse (ATN warm-up)', () => parseJql(query('warm', 0)));
for (let i = 1; i < 200; i++) {
  parseJql(query('warm', i));
  bareParse(query('warm', i));
}

const N = 500;
const ours = time(`parseJql × ${N} distinct queries`, () => {
  for (let i = 0; i < N; i++) parseJql(query('a', i));
});
const bare = time(`reference: bare ANTLR lexer + parser × ${N}`, () => {
  for (let i = 0; i < N; i++) bareParse(query('b', i));
});
console.log(`per query: ${(ours / N).toFixed(2)} ms vs ${(bare / N).toFixed(2)} ms bare (${(ours / bare).toFixed(2)}×)`);

const page = Array.from(
  { length: 200 },
  (_, i) =>
    `<ac:structured-macro ac:name="jira"><ac:parameter ac:name="serverId">old</ac:parameter><ac:parameter ac:name="jqlQuery">${query('page', i).replace(/"/g, '&quot;')}</ac:parameter></ac:structured-macro>`,
).join('\n');
time('lint, 200 Jira macros, five Jira rules, first time', () => lint(page, 'storage', { only: JIRA_RULES }));
time('lint, same page again (queries remembered)', () => lint(page, 'storage', { only: JIRA_RULES }));

const prose = Array.from({ length: 20000 }, (_, i) => `Line ${i} see https://wiki.example.com/x/h9YS${i % 10} and /x/AAAB or a/x/b.`).join('\n');
let found = 0;
const finder = time(`findShortLinks over ${(prose.length / 1e6).toFixed(1)} MB`, () => {
  found = findShortLinks(prose).length;
});
let hits = 0;
const scan = time('reference: /\\/x\\//g scan of the same text', () => {
  hits = [...prose.matchAll(/\/x\//g)].length;
});
console.log(`${found} links decoded of ${hits} "/x/" occurrences; finder ${(finder / scan).toFixed(1)}× the bare scan`);
