/**
 * Validation by Atlassian's published JSON schema (`json-schema/v1/full.json`) with ajv,
 * compiled ahead of time into a standalone module (`full-schema-validator.generated.js`, by
 * scripts/generate-adf-validator.ts), so the first check costs no compile (it cost 1–2 s on a
 * loaded 2-core machine; see BENCHMARKS.md "ADF diagnostics"). ajv reports every failed `anyOf`
 * branch of a node list ("not a paragraph", "not a heading", …); we reduce them to the one error
 * from the branch whose node type matched, deepest first.
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import { block as blockValidator, doc as docValidator, schemas } from './full-schema-validator.generated';
import type { AdfSchemaIssue, JsonPath } from './schema-issue';

type SchemaObject = { properties?: { type?: { enum?: string[] } }; allOf?: SchemaObject[]; $ref?: string };
/** full.json's definitions, as embedded in the generated module (the objects its errors point into). */
const definitions = (schemas[''] as { definitions: Record<string, SchemaObject> }).definitions;

const defName = (ref: string) => ref.replace(/^[^#]*#\/definitions\//, '');

/** instancePath "/content/0/attrs/x" → ["content", 0, "attrs", "x"], typed by walking the value. */
function toPath(json: unknown, instancePath: string): (string | number)[] {
  const path: (string | number)[] = [];
  let value = json;
  for (const raw of instancePath.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const segment = Array.isArray(value) ? Number(key) : key;
    path.push(segment);
    value = typeof value === 'object' && value !== null ? (value as Record<string | number, unknown>)[segment] : undefined;
  }
  return path;
}

const ownTypesCache = new Map<string, readonly string[] | undefined>();

/** The node or mark types a definition describes ("panel_node" → ["panel"]); undefined for unions. */
function ownTypes(def: string): readonly string[] | undefined {
  if (!ownTypesCache.has(def)) {
    const types = (s: SchemaObject | undefined): string[] | undefined => {
      if (!s) return undefined;
      if (s.$ref) return ownTypes(defName(s.$ref)) as string[] | undefined;
      if (s.properties?.type?.enum) return s.properties.type.enum;
      return s.allOf?.map(types).find((t) => t !== undefined);
    };
    ownTypesCache.set(def, types(definitions[def]));
  }
  return ownTypesCache.get(def);
}

/** Every sub-schema object of the generated module → its definition and its path inside that definition. */
let schemaIndex: WeakMap<object, { def: string; tail: readonly string[] }> | undefined;

function indexSchema(): WeakMap<object, { def: string; tail: readonly string[] }> {
  const index = new WeakMap<object, { def: string; tail: readonly string[] }>();
  const walk = (s: unknown, def: string, tail: string[]) => {
    if (typeof s !== 'object' || s === null) return;
    index.set(s, { def, tail });
    for (const [k, v] of Object.entries(s)) walk(v, def, [...tail, k]);
  };
  for (const [def, s] of Object.entries(definitions)) walk(s, def, []);
  // Each definition's code validates against its own copy of the definition.
  for (const [def, s] of Object.entries(schemas)) if (def !== '') walk(s, def, []);
  return index;
}

/**
 * Where the definition an error comes from was applied: an enum error inside "panel_node" at
 * `properties/attrs/properties/panelType` for "/content/0/attrs/panelType" → "panel_node"
 * applied at "/content/0" (one instance level per `properties/<name>` or `items` step).
 */
function origin(e: ErrorObject): { def: string; at: string } | undefined {
  schemaIndex ??= indexSchema();
  const info = typeof e.parentSchema === 'object' ? schemaIndex.get(e.parentSchema) : undefined;
  if (!info) return undefined;
  const { tail } = info;
  let levels = 0;
  for (let i = 0; i < tail.length; i++) {
    if (tail[i] === 'properties') {
      levels++;
      i++;
    } else if (tail[i] === 'items') {
      levels++;
      if (/^\d+$/.test(tail[i + 1] ?? '')) i++;
    }
  }
  const segments = e.instancePath.split('/');
  return { def: info.def, at: segments.slice(0, segments.length - levels).join('/') };
}

/**
 * Whether an error belongs to a branch meant for this node: ajv tries every anyOf branch
 * (paragraph, heading, …) and each fails on a node of another type; only the branch whose
 * definition names the node's actual type explains what is wrong with it.
 */
function isRelevant(e: ErrorObject, json: unknown): boolean {
  const o = origin(e);
  if (!o) return true;
  const types = ownTypes(o.def);
  if (!types) return true;
  const actual = valueAt(json, [...toPath(json, o.at), 'type']);
  return typeof actual === 'string' && types.includes(actual);
}

const isCombinator = (e: ErrorObject) => e.keyword === 'anyOf' || e.keyword === 'oneOf' || e.keyword === 'allOf';

function describe(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties':
      return `unexpected property "${String(p.additionalProperty)}"`;
    case 'required':
      return `missing required property "${String(p.missingProperty)}"`;
    case 'enum':
      return `"${e.instancePath.split('/').pop()}" must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    default: {
      const at = e.instancePath ? `"${e.instancePath.split('/').pop()}" ` : '';
      return `${at}${e.message ?? e.keyword}`;
    }
  }
}

/** The types an anyOf (ajv's verbose `schema` of the error) accepts, for "not allowed here" messages. */
function acceptedTypes(anyOf: unknown): string[] {
  const out = new Set<string>();
  for (const branch of Array.isArray(anyOf) ? (anyOf as SchemaObject[]) : []) {
    const def = branch.$ref && defName(branch.$ref);
    for (const t of (def && ownTypes(def)) || []) out.add(t);
  }
  return [...out];
}

/** Picks the most specific error out of ajv's list, which includes every failed anyOf branch. */
function mostSpecific(errors: readonly ErrorObject[], json: unknown): AdfSchemaIssue {
  const relevant = errors.filter((e) => isRelevant(e, json));
  const deepest = (list: ErrorObject[]) => list.reduce((a, b) => (depth(b) > depth(a) ? b : a));
  const specific = relevant.filter((e) => !isCombinator(e));
  if (specific.length > 0) {
    const e = deepest(specific);
    return { path: toPath(json, e.instancePath), message: describe(e), source: 'json-schema' };
  }
  const combinators = relevant.filter(isCombinator);
  if (combinators.length > 0) {
    // Every branch was for another node type: this node's type is not allowed where it is.
    const e = deepest(combinators);
    const path = toPath(json, e.instancePath);
    const allowed = e.keyword === 'anyOf' ? acceptedTypes(e.schema) : [];
    return {
      path,
      message: `type ${JSON.stringify(valueAt(json, [...path, 'type']))} is not allowed here` + (allowed.length ? ` (allowed: ${allowed.join(', ')})` : ''),
      source: 'json-schema',
    };
  }
  const first = errors[0];
  return { path: toPath(json, first.instancePath), message: describe(first), source: 'json-schema' };
}

const depth = (e: ErrorObject) => (e.instancePath === '' ? 0 : e.instancePath.split('/').length);

function valueAt(json: unknown, path: JsonPath): unknown {
  let value = json;
  for (const key of path) value = typeof value === 'object' && value !== null ? (value as Record<string | number, unknown>)[key] : undefined;
  return value;
}

function run(v: ValidateFunction, json: unknown): AdfSchemaIssue[] {
  try {
    if (v(json)) return [];
    return [mostSpecific(v.errors ?? [], json)];
  } catch (e) {
    return [{ path: [], message: `JSON-schema check failed: ${(e as Error).message}`, source: 'json-schema' }];
  }
}

/** JSON-schema issues of an ADF document: at most one, the first ajv meets. Never throws. */
export function checkWithJsonSchema(json: unknown): AdfSchemaIssue[] {
  return run(docValidator, json);
}

/** JSON-schema issues of one top-level block of a doc (paths relative to the block). Never throws. */
export function checkBlockWithJsonSchema(block: unknown): AdfSchemaIssue[] {
  return run(blockValidator, block);
}
