/**
 * Equality of page bodies as the server hands them back, used to recognise our own write after
 * a lost response. Storage: insignificant whitespace ignored. ADF: parsed, key order ignored, and
 * the `__confluenceMetadata` Confluence adds to link marks after the fact ignored.
 */
export function sameStorage(a: string, b: string): boolean {
  return normalizeStorage(a) === normalizeStorage(b);
}

/** ADF given as a JSON string or an object. */
export function sameAdf(a: unknown, b: unknown): boolean {
  const pa = parseMaybe(a);
  const pb = parseMaybe(b);
  return pa !== undefined && pb !== undefined && canonical(pa) === canonical(pb);
}

function normalizeStorage(s: string): string {
  return s.replace(/>\s+</g, '><').replace(/\s+/g, ' ').trim();
}

function parseMaybe(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  try {
    return JSON.parse(v);
  } catch {
    return undefined;
  }
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const keys = Object.keys(v).filter((k) => k !== '__confluenceMetadata').sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}
