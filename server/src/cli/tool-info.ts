/** Facts about the tool itself that outputs (SARIF, --version) report. */
export const TOOL_NAME = 'confluence-triage';
export const TOOL_VERSION = '0.1.0';
/** Project home; rule help pages are under docs/rules/ there. */
export const TOOL_URL = 'https://github.com/confluence-triage/confluence-triage';

export function ruleHelpUri(ruleId: string): string {
  return `${TOOL_URL}/blob/main/docs/rules/${ruleId}.md`;
}
