/**
 * The registry: every rule, sorted by id. Explicit imports (no globbing) so the bundler
 * sees every rule; a test keeps this list sorted and complete.
 */
import type { Rule } from './rule';
import adfSchema from './adf-schema';
import legacyContent from './legacy-content';
import shortLink from './short-link';
import xmlSyntax from './xml-syntax';

export const RULES: readonly Rule[] = [adfSchema, legacyContent, shortLink, xmlSyntax];

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.id === id);
}
