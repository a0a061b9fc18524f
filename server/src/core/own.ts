/**
 * The value a record holds under `key` itself. Keys come from pages and configs, where a macro,
 * emoticon or user may well be called "constructor" or "toString": a plain `record[key]` would
 * answer with Object.prototype's function instead of "not listed".
 */
export function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

/** An empty record to fill with keys from pages: without a prototype, "__proto__" is a key like any other. */
export function ownRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}
