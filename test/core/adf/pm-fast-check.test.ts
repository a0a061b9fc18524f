/**
 * The JSON walk of pm-fast-check.ts against the real thing (`nodeFromJSON` + `check` of the
 * official schema): the same verdict on every real page, fixture and converter output, and on
 * thousands of single mutations of them; never "valid" where ProseMirror says invalid.
 */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isKnownValidByProseMirror, proseMirrorFastCheck } from '../../../server/src/core/adf/pm-fast-check';
import { adfSchema, type AdfSchema } from '../../../server/src/core/adf/pm-schema';
import { convertStorageToAdf } from '../../../server/src/core/convert/index';
import { parseStorage } from '../../../server/src/core/storage/parser';
import { CORPUS } from '../../helpers/shared';
import { prng } from '../../helpers/prng';

type Json = Record<string, unknown>;
const ROOT = join(__dirname, '../../..');

/** The official verdict. */
function realVerdict(json: unknown): boolean {
  try {
    adfSchema.nodeFromJSON(json).check();
    return true;
  } catch {
    return false;
  }
}

function filesUnder(dir: string, suffix: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(suffix))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every ADF node object of a document, the document first. */
function nodesOf(json: unknown, out: Json[] = []): Json[] {
  if (!isObject(json)) return out;
  out.push(json);
  if (Array.isArray(json.content)) for (const child of json.content) nodesOf(child, out);
  return out;
}

/**
 * Shapes the fast path declines to model (ProseMirror coerces or ignores them): `attrs`,
 * `marks` or `content` present but not an object/array, a `type` that is not a string, a mark's
 * `attrs` that is not an object. Only there may the fast verdict be "not known valid" while
 * ProseMirror accepts.
 */
function hasUnmodelledShape(json: unknown): boolean {
  if (!isObject(json)) return false;
  if (typeof json.type !== 'string') return true;
  if ('attrs' in json && json.attrs !== undefined && !isObject(json.attrs) && json.type !== 'text') return true;
  if ('marks' in json && json.marks !== undefined && !Array.isArray(json.marks)) return true;
  if ('content' in json && json.content !== undefined && !Array.isArray(json.content) && json.type !== 'text') return true;
  if (Array.isArray(json.marks)) {
    for (const m of json.marks) if (isObject(m) && (typeof m.type !== 'string' || ('attrs' in m && m.attrs !== undefined && !isObject(m.attrs)))) return true;
  }
  return json.type !== 'text' && Array.isArray(json.content) && json.content.some(hasUnmodelledShape);
}

function assertSameVerdict(json: unknown, what: string): void {
  const real = realVerdict(json);
  const fast = isKnownValidByProseMirror(json);
  if (fast) assert.ok(real, `fast path accepted what ProseMirror rejects: ${what}: ${JSON.stringify(json).slice(0, 400)}`);
  if (!hasUnmodelledShape(json)) assert.equal(fast, real, `${what}: ${JSON.stringify(json).slice(0, 400)}`);
}

const corpusDocs = filesUnder(join(CORPUS, 'adf'), '.json').map((f) => [f, JSON.parse(readFileSync(f, 'utf8')) as unknown] as const);
const fixtureDocs = [...filesUnder(join(ROOT, 'test/fixtures'), '.adf.json'), ...filesUnder(join(ROOT, 'examples'), '.adf.json')].map(
  (f) => [f, JSON.parse(readFileSync(f, 'utf8')) as unknown] as const,
);
const storagePages = [...filesUnder(join(CORPUS, 'storage'), '.xhtml'), ...filesUnder(join(ROOT, 'test/fixtures'), '.storage.xhtml')];

describe('adf/pm-fast-check', () => {
  it('runs on the corpus and fixtures it is pinned against', () => {
    assert.ok(corpusDocs.length >= 20, `corpus: ${corpusDocs.length}`);
    assert.ok(fixtureDocs.length >= 10, `fixtures: ${fixtureDocs.length}`);
    assert.ok(storagePages.length >= 50, `storage pages: ${storagePages.length}`);
  });

  it('gives the official verdict on every real page and each of its nodes', () => {
    for (const [file, json] of corpusDocs) {
      assert.equal(isKnownValidByProseMirror(json), true, file);
      for (const n of nodesOf(json)) assertSameVerdict(n, file);
    }
  });

  it('gives the official verdict on every ADF fixture and example, and each of their nodes', () => {
    for (const [file, json] of fixtureDocs) for (const n of nodesOf(json)) assertSameVerdict(n, file);
  });

  it('gives the official verdict on converter output, before and after its repairs', () => {
    for (const file of storagePages) {
      const storage = parseStorage(readFileSync(file, 'utf8'));
      for (const validate of [false, true]) {
        const { adf } = convertStorageToAdf(storage, { validate });
        for (const n of nodesOf(adf)) assertSameVerdict(n, `${file} (validate: ${validate})`);
      }
    }
  });

  describe('single mutations of valid documents', () => {
    const nodeNames = Object.keys(adfSchema.nodes);
    const markNames = Object.keys(adfSchema.marks);
    const pool = [...corpusDocs, ...fixtureDocs].flatMap(([, json]) => nodesOf(json)).filter((n) => realVerdict(n));
    const odd = [null, 0, 1, -1, '', 'x', true, false, [], {}, { a: 1 }, [1], ['text'], 'text'];

    type Mutation = (n: Json, rnd: () => number) => void;
    const pick = <T>(xs: readonly T[], rnd: () => number): T => xs[Math.floor(rnd() * xs.length)];
    const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
    const randomMark = (rnd: () => number): Json => {
      const type = pick(markNames, rnd);
      const spec = adfSchema.marks[type as keyof typeof adfSchema.marks].spec.attrs ?? {};
      const attrs: Json = {};
      for (const name of Object.keys(spec)) if (rnd() < 0.5) attrs[name] = rnd() < 0.5 ? pick(odd, rnd) : `v${Math.floor(rnd() * 3)}`;
      return Object.keys(attrs).length || rnd() < 0.5 ? { type, attrs } : { type };
    };
    const marksOf = (n: Json): unknown[] => (Array.isArray(n.marks) ? n.marks : (n.marks = []));
    const childrenOf = (n: Json): unknown[] | undefined => (Array.isArray(n.content) && n.content.length > 0 ? n.content : undefined);

    const MUTATIONS: Record<string, Mutation> = {
      'wrong type': (n, rnd) => (n.type = pick(nodeNames, rnd)),
      'unknown type': (n) => (n.type = 'notAnAdfNode'),
      'type not a string': (n, rnd) => (n.type = pick(odd, rnd)),
      'text removed': (n) => delete n.text,
      'text empty or not a string': (n, rnd) => (n.text = pick(['', 0, null, ['x'], 'x'], rnd)),
      'text on a non-text node': (n) => (n.text = 'stray'),
      'mark added': (n, rnd) => marksOf(n).push(randomMark(rnd)),
      'mark duplicated': (n, rnd) => {
        const marks = marksOf(n);
        marks.push(marks.length ? clone(pick(marks, rnd)) : { type: 'strong' }, marks.length ? clone(marks[0]) : { type: 'strong' });
      },
      'same mark, other attributes': (n, rnd) => {
        const marks = marksOf(n);
        const base = marks.length ? clone(pick(marks, rnd) as Json) : { type: 'link', attrs: { href: 'a' } };
        marks.push({ ...base, attrs: { ...(isObject(base.attrs) ? base.attrs : {}), href: 'other', color: '#000000' } });
      },
      'excluding marks': (n, rnd) => marksOf(n).push({ type: 'code' }, { type: pick(['strong', 'em', 'link', 'textColor', 'code'], rnd) }),
      'unknown mark': (n) => marksOf(n).push({ type: 'blink' }),
      'mark not an object': (n, rnd) => marksOf(n).push(pick(odd, rnd)),
      'mark attributes odd': (n, rnd) => marksOf(n).push({ type: pick(markNames, rnd), attrs: pick(odd, rnd) }),
      'marks not an array': (n, rnd) => (n.marks = pick(odd, rnd)),
      'attribute value changed': (n, rnd) => {
        const spec = Object.keys(adfSchema.nodes[n.type as keyof typeof adfSchema.nodes]?.spec.attrs ?? { x: 1 });
        n.attrs = { ...(isObject(n.attrs) ? n.attrs : {}), [pick(spec.length ? spec : ['x'], rnd)]: rnd() < 0.2 ? undefined : pick(odd, rnd) };
      },
      'attributes removed': (n) => delete n.attrs,
      'attributes not an object': (n, rnd) => (n.attrs = pick(odd, rnd)),
      'child removed': (n, rnd) => {
        const c = childrenOf(n);
        if (c) c.splice(Math.floor(rnd() * c.length), 1);
      },
      'content emptied': (n) => (n.content = []),
      'content removed': (n) => delete n.content,
      'content not an array': (n, rnd) => (n.content = pick(odd, rnd)),
      'child inserted': (n, rnd) => {
        const c = Array.isArray(n.content) ? n.content : (n.content = []);
        c.splice(Math.floor(rnd() * (c.length + 1)), 0, clone(pick(pool, rnd)));
      },
      'children swapped': (n, rnd) => {
        const c = childrenOf(n);
        if (c && c.length > 1) {
          const i = Math.floor(rnd() * (c.length - 1));
          [c[i], c[i + 1]] = [c[i + 1], c[i]];
        }
      },
      'child not a node': (n, rnd) => {
        const c = childrenOf(n);
        if (c) c[Math.floor(rnd() * c.length)] = pick(odd, rnd);
      },
      'wrapped in another node': (n, rnd) => {
        const inner = clone(n);
        for (const k of Object.keys(n)) delete n[k];
        Object.assign(n, { type: pick(nodeNames, rnd), content: [inner] });
      },
      'unknown property': (n) => (n.unexpected = { type: 'paragraph' }),
    };

    /**
     * ADF's ProseMirror schema requires and validates no attribute (the JSON schema judges
     * them), ignores unknown properties, and accepts these swaps: pinned as facts, since the
     * fast path must not reject them either. Attribute checks are exercised below on a schema
     * that has them.
     */
    const NEVER_REJECTED = new Set(['attribute value changed', 'attributes removed', 'attributes not an object', 'unknown property', 'text on a non-text node', 'children swapped']);

    for (const [kind, mutate] of Object.entries(MUTATIONS)) {
      it(kind, () => {
        const rnd = prng([...kind].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16777619), 2166136261));
        const verdicts = { valid: 0, invalid: 0 };
        for (let i = 0; i < 150; i++) {
          const root = clone(pick(pool, rnd));
          const target = pick(nodesOf(root), rnd);
          mutate(target, rnd);
          assertSameVerdict(root, `${kind} #${i}`);
          verdicts[realVerdict(root) ? 'valid' : 'invalid']++;
        }
        // Each kind must exercise rejections, except those ADF's ProseMirror schema ignores.
        if (!NEVER_REJECTED.has(kind)) assert.ok(verdicts.invalid > 0, JSON.stringify(verdicts));
        else assert.equal(verdicts.invalid, 0, JSON.stringify(verdicts));
      });
    }
  });

  describe('on a schema with required and validated attributes (same prosemirror-model)', () => {
    // ADF has neither; a schema built by the same Schema class exercises the attribute rules.
    const Schema = adfSchema.constructor as new (spec: unknown) => AdfSchema;
    const schema = new Schema({
      nodes: {
        doc: { content: 'block+' },
        para: { group: 'block', content: 'text*', marks: 'strong link', attrs: { id: {}, level: { default: 1, validate: 'number' } } },
        note: { group: 'block', content: 'para*', attrs: { kind: { default: 'info', validate: (v: unknown) => { if (v !== 'info' && v !== 'warn') throw new RangeError('kind'); } } } },
        text: {},
      },
      marks: { strong: {}, link: { attrs: { href: { validate: 'string' } } } },
    });
    const fast = proseMirrorFastCheck(schema);
    const real = (json: unknown) => {
      try {
        schema.nodeFromJSON(json).check();
        return true;
      } catch {
        return false;
      }
    };
    const para = (attrs: unknown, ...marks: unknown[]) => ({ type: 'para', attrs, content: [{ type: 'text', text: 'x', ...(marks.length ? { marks } : {}) }] });
    const CASES: [string, unknown, boolean][] = [
      ['required attribute given', para({ id: 'a' }), true],
      ['required attribute missing', para({ level: 2 }), false],
      ['no attributes at all', { type: 'para' }, false],
      ['validator accepts', para({ id: 'a', level: 3 }), true],
      ['type validator rejects', para({ id: 'a', level: 'x' }), false],
      ['required attribute null still given', para({ id: null }), true],
      ['function validator on the default', { type: 'note', content: [para({ id: 1 })] }, true],
      ['function validator rejects', { type: 'note', attrs: { kind: 'x' }, content: [para({ id: 1 })] }, false],
      ['mark with its required attribute', para({ id: 1 }, { type: 'link', attrs: { href: 'h' } }), true],
      ['mark without its required attribute', para({ id: 1 }, { type: 'link' }), false],
      ['mark attribute of the wrong type', para({ id: 1 }, { type: 'link', attrs: { href: 5 } }), false],
      ['two links', para({ id: 1 }, { type: 'link', attrs: { href: 'a' } }, { type: 'link', attrs: { href: 'b' } }), false],
      ['strong and link in any order', para({ id: 1 }, { type: 'link', attrs: { href: 'a' } }, { type: 'strong' }), true],
    ];
    for (const [what, json, valid] of CASES) {
      it(what, () => {
        assert.equal(real(json), valid, 'the official verdict this case is about');
        assert.equal(fast(json), valid);
      });
    }
  });
});
