/**
 * Validates HTTP exchanges against Atlassian's official OpenAPI specs in `../shared/openapi/`
 * (read in place, never copied into the repo). Used by the simulator tests and by REST-client
 * tests to prove that both sides speak the published contract.
 *
 * Usage:
 *   const violations = validateExchange('cloud', {
 *     method: 'PUT', path: '/wiki/api/v2/pages/4294967297', query: {},
 *     requestBody: {...}, status: 200, responseBody: {...},
 *   });
 *   assert.deepStrictEqual(violations, []);
 *
 * Which spec: flavor 'dc' → the DC 10.0.3 spec (paths carry `/rest/api`; anything before
 * `/rest/api`, such as a `/confluence` context path, is ignored, and `/rest/api/latest` is read
 * as `/rest/api`). Flavor 'cloud' → the v2 spec for paths under `/wiki/api/v2` (its paths are
 * relative to that prefix) and the v1 spec for paths under `/wiki/rest/api` (its paths carry
 * the full `/wiki/rest/api` prefix).
 *
 * What is checked: the operation exists for method + path (templates matched segment by
 * segment, literal segments beating `{params}`); every query parameter is declared, required
 * path/query parameters are present, values fit the declared schema (strings coerced to
 * integer/boolean as a server would; arrays as repeated or comma-separated values); a JSON
 * request body fits the requestBody schema; a multipart body (given as an object of part names)
 * has its required parts; the response status is declared (or is an explicit known gap, see
 * KNOWN_GAPS and PLATFORM_STATUSES) and a JSON response body fits the declared schema.
 * Ajv runs with `strict:false`, OpenAPI `nullable` rewritten to JSON-schema null types, and
 * `format` not checked (ajv-formats is not a dependency).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';

export type SpecFlavor = 'dc' | 'cloud';

export interface HttpExchange {
  method: string;
  /** Concrete URL path, e.g. `/confluence/rest/api/content/42` (a query string is allowed). */
  path: string;
  /** Query parameters; merged with any query string found in `path`. */
  query?: Record<string, string | readonly string[]> | URLSearchParams;
  /**
   * Parsed JSON request body, or for multipart requests an object whose keys are the part
   * names (values ignored). Omit when there is no body.
   */
  requestBody?: unknown;
  /** Request content type; defaults to application/json when a body is given. */
  requestContentType?: string;
  /** Response status; omit to validate only the request. */
  status?: number;
  /** Parsed JSON response body; a string (HTML/text) body is not schema-checked. */
  responseBody?: unknown;
}

export interface Violation {
  kind:
    | 'unknown-operation'
    | 'removed-operation'
    | 'unknown-parameter'
    | 'missing-parameter'
    | 'invalid-parameter'
    | 'invalid-request-body'
    | 'undeclared-status'
    | 'invalid-response-body';
  /** `METHOD /spec/path/template` (or the concrete path when no operation matched). */
  operation: string;
  message: string;
}

/**
 * Statuses the specs do not declare per operation but that the live services send (documented
 * in shared/openapi/SOURCES.md and shared/reference/rest-apis.md). Each entry names exactly
 * which operation, status and error envelope is tolerated.
 */
export const KNOWN_GAPS: readonly { spec: SpecKey; method: string; template: string; status: number; body: EnvelopeKind }[] = [
  // Stale version: 409 live, missing from both specs.
  { spec: 'dc', method: 'put', template: '/rest/api/content/{contentId}', status: 409, body: 'rest-error' },
  { spec: 'v2', method: 'put', template: '/pages/{id}', status: 409, body: 'v2-errors' },
  { spec: 'v2', method: 'put', template: '/pages/{page-id}/properties/{property-id}', status: 409, body: 'v2-errors' },
  // DC attachment list declares 201 for what is a 200 list.
  { spec: 'dc', method: 'get', template: '/rest/api/content/{id}/child/attachment', status: 200, body: 'declared:201' },
  // DC create with a duplicate title: self-hosted instances answer 400/500 (rest-apis §1.6).
  { spec: 'dc', method: 'post', template: '/rest/api/content', status: 400, body: 'rest-error' },
  // DC "Unable to save changes to unreconciled page" (CONFSERVER-69310, rest-apis §1.6).
  { spec: 'dc', method: 'put', template: '/rest/api/content/{contentId}', status: 501, body: 'rest-error' },
  // DC attachment upload without the XSRF header.
  { spec: 'dc', method: 'post', template: '/rest/api/content/{id}/child/attachment', status: 403, body: 'rest-error' },
  // v2 create with a duplicate title ("A page with this title already exists").
  { spec: 'v2', method: 'post', template: '/pages', status: 400, body: 'v2-errors' },
];

/**
 * Statuses any operation may answer although few operations declare them: authentication
 * failure, rate limiting, and server/gateway faults. Their bodies must still be the flavor's
 * error envelope (or a non-JSON error page).
 */
export const PLATFORM_STATUSES: readonly number[] = [401, 403, 404, 429, 500, 502, 503, 504];

// Schema defects of the specs, patched when loading; each is checked against observed live
// bodies or is a plain logic error of the generated spec:
// - DC `ValidationResult.errors` is declared an object, but live RestError bodies carry an
//   array (`"errors":[]`, docToolchain#293, markdown-to-confluence#6).
// - v2 page write bodies are `oneOf: [PageBodyWrite, PageNestedBodyWrite]`, but neither branch
//   requires anything, so every body matches both and `oneOf` fails for all of them. The flat
//   form needs `representation` + `value`; the nested form needs one representation key.
const SCHEMA_PATCHES: readonly { spec: SpecKey; apply(schemas: Record<string, any>): void }[] = [
  {
    spec: 'dc',
    apply: (s) => {
      s.ValidationResult.properties.errors = { type: ['object', 'array'] };
    },
  },
  {
    spec: 'v2',
    apply: (s) => {
      s.PageBodyWrite.required = ['representation', 'value'];
      s.PageNestedBodyWrite.minProperties = 1;
      s.PageNestedBodyWrite.anyOf = [{ required: ['storage'] }, { required: ['atlas_doc_format'] }, { required: ['wiki'] }];
    },
  },
];

// Removed Cloud v1 content endpoints (rest-apis.md §2.2): absent from the current v1 spec and
// answered 410 live. Only consulted when no operation of the spec matches, so the attachment
// upload under `/child/attachment` stays a normal operation.
const REMOVED_V1 = [
  /^\/wiki\/rest\/api\/content\/?$/,
  /^\/wiki\/rest\/api\/content\/[^/]+\/?$/,
  /^\/wiki\/rest\/api\/content\/[^/]+\/child(\/[^/]+)?\/?$/,
  /^\/wiki\/rest\/api\/content\/[^/]+\/property(\/[^/]+)?\/?$/,
];

type SpecKey = 'dc' | 'v1' | 'v2';
type EnvelopeKind = 'rest-error' | 'v2-errors' | 'declared:201';

const SPEC_FILES: Record<SpecKey, string> = {
  dc: 'confluence-dc-10.0.3.swagger.v3.json',
  v1: 'confluence-cloud-v1.swagger.v3.json',
  v2: 'confluence-cloud-v2.openapi-v2.v3.json',
};

/** Folder holding the official specs: `<repo>/../shared/openapi`. */
export const OPENAPI_DIR = path.resolve(__dirname, '../../../shared/openapi');

interface Operation {
  spec: SpecKey;
  method: string;
  template: string;
  segments: string[];
  op: any;
  pathItem: any;
}

interface LoadedSpec {
  doc: any;
  ops: Operation[];
}

const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, validateSchema: false });
const loaded = new Map<SpecKey, LoadedSpec>();
const compiled = new Map<string, ValidateFunction>();

// OpenAPI 3.0 `nullable` → JSON-schema null types, so plain ajv understands it.
function rewriteNullable(node: any): any {
  if (Array.isArray(node)) return node.map(rewriteNullable);
  if (!node || typeof node !== 'object') return node;
  const out: any = {};
  for (const [k, v] of Object.entries(node)) out[k] = rewriteNullable(v);
  if (out.nullable === true) {
    delete out.nullable;
    if (typeof out.type === 'string') {
      out.type = [out.type, 'null'];
      if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
      return out;
    }
    return { anyOf: [out, { type: 'null' }] };
  }
  if (out.nullable === false) delete out.nullable;
  return out;
}

function loadSpec(key: SpecKey): LoadedSpec {
  const have = loaded.get(key);
  if (have) return have;
  const raw = JSON.parse(fs.readFileSync(path.join(OPENAPI_DIR, SPEC_FILES[key]), 'utf8'));
  const doc = rewriteNullable(raw);
  for (const p of SCHEMA_PATCHES) if (p.spec === key) p.apply(doc.components.schemas);
  ajv.addSchema({ $id: `spec-${key}`, components: doc.components }, `spec-${key}`);
  const ops: Operation[] = [];
  for (const [template, pathItem] of Object.entries<any>(doc.paths)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch', 'head', 'options']) {
      if (pathItem[method]) {
        ops.push({ spec: key, method, template, segments: template.split('/').slice(1), op: pathItem[method], pathItem });
      }
    }
  }
  const spec = { doc, ops };
  loaded.set(key, spec);
  return spec;
}

// Compiles a sub-schema of a spec, pointing its `#/components/...` refs at the whole spec.
function validatorFor(key: SpecKey, cacheKey: string, schema: unknown): ValidateFunction {
  const id = `${key}|${cacheKey}`;
  let fn = compiled.get(id);
  if (!fn) {
    const text = JSON.stringify(schema).replace(/"\$ref":"#\//g, `"$ref":"spec-${key}#/`);
    fn = ajv.compile(JSON.parse(text));
    compiled.set(id, fn);
  }
  return fn;
}

function resolveRef(doc: any, node: any): any {
  let cur = node;
  for (let i = 0; i < 10 && cur && typeof cur.$ref === 'string' && cur.$ref.startsWith('#/'); i++) {
    cur = cur.$ref
      .slice(2)
      .split('/')
      .reduce((o: any, p: string) => (o ? o[p.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined), doc);
  }
  return cur;
}

// Which spec and spec-relative path a concrete request path belongs to.
function locate(flavor: SpecFlavor, rawPath: string): { spec: SpecKey; specPath: string } | undefined {
  const p = rawPath.split('?')[0];
  if (flavor === 'dc') {
    const i = p.indexOf('/rest/api/');
    if (i < 0) return undefined;
    return { spec: 'dc', specPath: p.slice(i).replace(/^\/rest\/api\/latest\//, '/rest/api/') };
  }
  const v2 = p.indexOf('/wiki/api/v2/');
  if (v2 >= 0) return { spec: 'v2', specPath: p.slice(v2 + '/wiki/api/v2'.length) };
  const v1 = p.indexOf('/wiki/rest/api/');
  if (v1 >= 0) return { spec: 'v1', specPath: p.slice(v1) };
  return undefined;
}

/** Finds the operation for a method and concrete path, preferring literal segments. */
export function findOperation(flavor: SpecFlavor, method: string, concretePath: string): { spec: SpecKey; template: string; params: Record<string, string> } | undefined {
  const where = locate(flavor, concretePath);
  if (!where) return undefined;
  const found = matchOperation(where.spec, method, where.specPath);
  return found && { spec: found.op.spec, template: found.op.template, params: found.params };
}

function matchOperation(key: SpecKey, method: string, specPath: string): { op: Operation; params: Record<string, string> } | undefined {
  const segs = specPath.replace(/\/+$/, '').split('/').slice(1);
  let best: { op: Operation; params: Record<string, string>; score: number[] } | undefined;
  for (const op of loadSpec(key).ops) {
    if (op.method !== method.toLowerCase() || op.segments.length !== segs.length) continue;
    const params: Record<string, string> = {};
    const score: number[] = [];
    let ok = true;
    for (let i = 0; i < segs.length && ok; i++) {
      const t = op.segments[i];
      const m = /^\{(.+)\}$/.exec(t);
      if (m) {
        params[m[1]] = decodeURIComponent(segs[i]);
        score.push(0);
      } else {
        ok = t === segs[i];
        score.push(1);
      }
    }
    if (!ok) continue;
    if (!best || compareScore(score, best.score) > 0) best = { op, params, score };
  }
  return best && { op: best.op, params: best.params };
}

function compareScore(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

function queryEntries(ex: HttpExchange): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (k: string, v: string) => out.set(k, [...(out.get(k) ?? []), v]);
  const qi = ex.path.indexOf('?');
  if (qi >= 0) new URLSearchParams(ex.path.slice(qi + 1)).forEach((v, k) => add(k, v));
  if (ex.query instanceof URLSearchParams) ex.query.forEach((v, k) => add(k, v));
  else if (ex.query) for (const [k, v] of Object.entries(ex.query)) for (const one of typeof v === 'string' ? [v] : v) add(k, one);
  return out;
}

function coerceScalar(value: string, schema: any): unknown {
  const type = Array.isArray(schema?.type) ? schema.type[0] : schema?.type;
  if ((type === 'integer' || type === 'number') && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  if (type === 'boolean' && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

function coerceParam(values: string[], schema: any, doc: any): unknown {
  const s = resolveRef(doc, schema) ?? {};
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  if (type === 'array') {
    const items = resolveRef(doc, s.items) ?? {};
    return values.flatMap((v) => v.split(',')).map((v) => coerceScalar(v, items));
  }
  return coerceScalar(values[values.length - 1], s);
}

function opLabel(op: Operation): string {
  return `${op.method.toUpperCase()} ${op.template}`;
}

function ajvMessage(fn: ValidateFunction): string {
  return (fn.errors ?? [])
    .slice(0, 5)
    .map((e) => `${e.instancePath || '/'} ${e.message}${e.params && 'additionalProperty' in e.params ? ` (${(e.params as any).additionalProperty})` : ''}`)
    .join('; ');
}

/** Validates the request half of an exchange. */
export function validateRequest(flavor: SpecFlavor, ex: HttpExchange): Violation[] {
  const where = locate(flavor, ex.path);
  const label = `${ex.method.toUpperCase()} ${ex.path.split('?')[0]}`;
  if (!where) return [{ kind: 'unknown-operation', operation: label, message: 'path is under no known API prefix' }];
  if (where.spec === 'v1' && REMOVED_V1.some((re) => re.test(where.specPath)) && !matchOperation('v1', ex.method, where.specPath)) {
    return [{ kind: 'removed-operation', operation: label, message: 'removed Cloud v1 content endpoint (answers 410 Gone)' }];
  }
  const found = matchOperation(where.spec, ex.method, where.specPath);
  if (!found) return [{ kind: 'unknown-operation', operation: label, message: `no ${ex.method.toUpperCase()} operation matches ${where.specPath}` }];
  const { op, params } = found;
  const doc = loadSpec(where.spec).doc;
  const out: Violation[] = [];
  const name = opLabel(op);
  const declared = [...(op.pathItem.parameters ?? []), ...(op.op.parameters ?? [])].map((p: any) => resolveRef(doc, p));
  const query = queryEntries(ex);
  for (const [key, values] of query) {
    // The DC spec lists many parameters twice (documented + undocumented); any fitting declaration will do.
    const decls = declared.filter((d: any) => d.in === 'query' && d.name === key);
    if (decls.length === 0) {
      out.push({ kind: 'unknown-parameter', operation: name, message: `query parameter '${key}' is not declared` });
      continue;
    }
    const fits = decls.some((d: any, i: number) => validatorFor(where.spec, `${name}|q|${key}|${i}`, d.schema ?? {})(coerceParam(values, d.schema, doc)));
    if (!fits) out.push({ kind: 'invalid-parameter', operation: name, message: `query parameter '${key}'=${JSON.stringify(values)} fits no declared schema` });
  }
  for (const d of declared) {
    if (!d.required) continue;
    if (d.in === 'query' && !query.has(d.name)) out.push({ kind: 'missing-parameter', operation: name, message: `required query parameter '${d.name}' is missing` });
    if (d.in === 'path' && d.name in params) {
      const fn = validatorFor(where.spec, `${name}|p|${d.name}|${d.schema?.type}`, d.schema ?? {});
      if (!fn(coerceScalar(params[d.name], resolveRef(doc, d.schema)))) {
        out.push({ kind: 'invalid-parameter', operation: name, message: `path parameter '${d.name}'='${params[d.name]}': ${ajvMessage(fn)}` });
      }
    }
  }
  const rb = resolveRef(doc, op.op.requestBody);
  if (ex.requestBody === undefined) {
    if (rb?.required) out.push({ kind: 'invalid-request-body', operation: name, message: 'request body is required' });
    return out;
  }
  if (!rb?.content) return out;
  const ctype = (ex.requestContentType ?? 'application/json').split(';')[0].trim();
  if (ctype === 'multipart/form-data') {
    const schema = resolveRef(doc, rb.content['multipart/form-data']?.schema);
    if (!schema) out.push({ kind: 'invalid-request-body', operation: name, message: 'multipart body not declared' });
    for (const part of schema?.required ?? []) {
      if (!(part in (ex.requestBody as object))) out.push({ kind: 'invalid-request-body', operation: name, message: `multipart part '${part}' is required` });
    }
    return out;
  }
  const media = rb.content[ctype] ?? rb.content['application/json'];
  if (!media?.schema) {
    out.push({ kind: 'invalid-request-body', operation: name, message: `content type ${ctype} not declared` });
    return out;
  }
  const fn = validatorFor(where.spec, `${name}|req|${ctype}`, media.schema);
  if (!fn(ex.requestBody)) out.push({ kind: 'invalid-request-body', operation: name, message: ajvMessage(fn) });
  return out;
}

const REST_ERROR_SCHEMA = {
  type: 'object',
  required: ['statusCode', 'message'],
  properties: { statusCode: { type: 'integer' }, message: { type: 'string' }, reason: { type: 'string' }, data: { type: 'object' } },
};
const V2_ERRORS_SCHEMA = {
  type: 'object',
  required: ['errors'],
  properties: {
    errors: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['status', 'code', 'title'],
        properties: { status: { type: 'integer' }, code: { type: 'string' }, title: { type: 'string' }, detail: { type: ['string', 'null'] } },
      },
    },
  },
};
// DC rate limiter's JSON 429 body (DefaultRateLimitResponseHandler).
const DC_429_SCHEMA = { type: 'object', required: ['message'], properties: { message: { type: 'string' } } };

function checkEnvelope(kind: EnvelopeKind | 'dc-429', body: unknown, name: string): Violation[] {
  if (body === undefined || typeof body === 'string') return [];
  const schema = kind === 'v2-errors' ? V2_ERRORS_SCHEMA : kind === 'dc-429' ? DC_429_SCHEMA : REST_ERROR_SCHEMA;
  const fn = validatorFor('dc', `envelope|${kind}`, schema);
  return fn(body) ? [] : [{ kind: 'invalid-response-body', operation: name, message: `${kind} envelope: ${ajvMessage(fn)}` }];
}

/** Validates the response half of an exchange (status declared, body fits). */
export function validateResponse(flavor: SpecFlavor, ex: HttpExchange): Violation[] {
  if (ex.status === undefined) return [];
  const where = locate(flavor, ex.path);
  const label = `${ex.method.toUpperCase()} ${ex.path.split('?')[0]}`;
  if (!where) return [{ kind: 'unknown-operation', operation: label, message: 'path is under no known API prefix' }];
  const found = matchOperation(where.spec, ex.method, where.specPath);
  if (!found) {
    if (where.spec === 'v1' && REMOVED_V1.some((re) => re.test(where.specPath))) {
      if (ex.status === 410 || PLATFORM_STATUSES.includes(ex.status)) return checkEnvelope('rest-error', ex.responseBody, label);
      return [{ kind: 'undeclared-status', operation: label, message: `removed v1 endpoint must answer 410, got ${ex.status}` }];
    }
    return [{ kind: 'unknown-operation', operation: label, message: `no ${ex.method.toUpperCase()} operation matches ${where.specPath}` }];
  }
  const { op } = found;
  const doc = loadSpec(where.spec).doc;
  const name = opLabel(op);
  const envelope: EnvelopeKind = where.spec === 'v2' ? 'v2-errors' : 'rest-error';
  const status = String(ex.status);
  const gap = KNOWN_GAPS.find((g) => g.spec === where.spec && g.method === op.method && g.template === op.template && g.status === ex.status);
  let declaredKey = op.op.responses?.[status] ? status : undefined;
  if (!declaredKey && op.op.responses?.[`${status[0]}XX`]) declaredKey = `${status[0]}XX`;
  if (!declaredKey && gap?.body === 'declared:201') declaredKey = '201';
  if (!declaredKey) {
    if (gap) return checkEnvelope(gap.body as EnvelopeKind, ex.responseBody, name);
    if (where.spec === 'dc' && ex.status === 429) return checkEnvelope('dc-429', ex.responseBody, name);
    if (PLATFORM_STATUSES.includes(ex.status)) return checkEnvelope(envelope, ex.responseBody, name);
    if (op.op.responses?.default) declaredKey = 'default';
    else return [{ kind: 'undeclared-status', operation: name, message: `status ${status} is not declared (declared: ${Object.keys(op.op.responses ?? {}).join(', ')})` }];
  }
  const resp = resolveRef(doc, op.op.responses[declaredKey]);
  const media = resp?.content?.['application/json'] ?? resp?.content?.['*/*'];
  if (!media?.schema) {
    // Declared without a schema (v2 error statuses use `content: {}`): check the envelope instead.
    return ex.status >= 400 ? checkEnvelope(ex.status === 429 && where.spec === 'dc' ? 'dc-429' : envelope, ex.responseBody, name) : [];
  }
  if (ex.responseBody === undefined || typeof ex.responseBody === 'string') {
    return [{ kind: 'invalid-response-body', operation: name, message: `status ${status} declares a JSON body, none was given` }];
  }
  const fn = validatorFor(where.spec, `${name}|res|${declaredKey}`, media.schema);
  return fn(ex.responseBody) ? [] : [{ kind: 'invalid-response-body', operation: name, message: `status ${status}: ${ajvMessage(fn)}` }];
}

/**
 * Validates a whole exchange: request, then response. A removed Cloud v1 content endpoint
 * answered 410 is the expected behaviour, so it yields no request violation here.
 */
export function validateExchange(flavor: SpecFlavor, ex: HttpExchange): Violation[] {
  const request = validateRequest(flavor, ex).filter((v) => !(v.kind === 'removed-operation' && ex.status === 410));
  return [...request, ...validateResponse(flavor, ex)];
}
