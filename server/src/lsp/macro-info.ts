/**
 * What the server says about a macro name: what it is (macro catalogue), its status in
 * Cloud (legacy per configuration, built-in, allowed app macro, or unknown) and its
 * equivalent. Shared by hover and completion.
 */
import type { TriageConfig } from '../core/config';
import { builtInMacro, type MacroInfo } from '../core/storage/macro-catalog';

export type MacroStatus = 'legacy' | 'built-in' | 'allowed' | 'unknown';

export interface MacroSummary {
  readonly name: string;
  readonly info: MacroInfo | undefined;
  readonly status: MacroStatus;
  /** The Cloud-editor construct to use instead (legacy) or that it becomes (built-in). */
  readonly equivalent: string | undefined;
}

export function summarizeMacro(name: string, config: TriageConfig): MacroSummary {
  const info = builtInMacro(name);
  const legacy = Object.prototype.hasOwnProperty.call(config.legacyMacros, name) ? config.legacyMacros[name] : undefined;
  if (legacy !== undefined) return { name, info, status: 'legacy', equivalent: legacy };
  if (info) return { name, info, status: 'built-in', equivalent: info.cloud };
  if (config.allowedMacros.includes(name)) return { name, info, status: 'allowed', equivalent: undefined };
  return { name, info, status: 'unknown', equivalent: undefined };
}

const STATUS_TEXT: Record<MacroStatus, string> = {
  legacy: 'legacy: only the legacy editor renders it; convert it before moving to the Cloud editor',
  'built-in': 'supported: built into Confluence Cloud',
  allowed: 'allowed by configuration (an app or user macro)',
  unknown: 'unknown: not a built-in macro and not in allowedMacros; it will not render in Cloud unless an app provides it',
};

/** A short Markdown (or plain text) description of a macro. */
export function describeMacro(summary: MacroSummary, markdown: boolean): string {
  const code = (s: string) => (markdown ? `\`${s}\`` : s);
  const bold = (s: string) => (markdown ? `**${s}**` : s);
  const lines: string[] = [];
  lines.push(`${bold(summary.info?.title ?? summary.name)} macro (${code(summary.name)})`);
  if (summary.info) {
    const body = { rich: 'rich-text body', plain: 'plain-text body', none: 'no body' }[summary.info.body];
    lines.push(`Body: ${body}${summary.info.params.length > 0 ? `; parameters: ${summary.info.params.filter(Boolean).map(code).join(', ')}` : ''}`);
  }
  lines.push(`Cloud status: ${STATUS_TEXT[summary.status]}`);
  if (summary.equivalent) lines.push(`${summary.status === 'legacy' ? 'Cloud equivalent' : 'In the Cloud editor'}: ${summary.equivalent}`);
  return lines.join(markdown ? '\n\n' : '\n');
}
