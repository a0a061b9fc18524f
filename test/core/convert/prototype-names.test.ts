/**
 * Names a page or config can carry that are also Object.prototype members ("constructor",
 * "toString", ...) must behave exactly like any other unknown name, in conversion and in lint.
 */
import { strict as assert } from 'node:assert';
import { resolveConfig } from '../../../server/src/core/config';
import { convertStorageToAdf } from '../../../server/src/core/convert/index';
import { lint } from '../../../server/src/core/lint';
import { parseStorage } from '../../../server/src/core/storage/parser';

const PROTOTYPE_NAMES = ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf', 'isPrototypeOf'];
const PLAIN = 'zzunlisted';

/** A page that puts NAME everywhere a page chooses a name: macro, parameter, emoticon, status colour, layout type, user key, ADF attribute. */
const page = (name: string): string =>
  `<p>Intro <ac:emoticon ac:name="${name}"/> and <ac:link><ri:user ri:userkey="${name}"/></ac:link>.</p>` +
  `<ac:structured-macro ac:name="${name}"><ac:parameter ac:name="${name}">1</ac:parameter><ac:rich-text-body><p>inside</p></ac:rich-text-body></ac:structured-macro>` +
  `<p><ac:structured-macro ac:name="status"><ac:parameter ac:name="colour">${name}</ac:parameter><ac:parameter ac:name="title">DONE</ac:parameter></ac:structured-macro></p>` +
  `<ac:layout><ac:layout-section ac:type="${name}"><ac:layout-cell><p>one</p></ac:layout-cell><ac:layout-cell><p>two</p></ac:layout-cell></ac:layout-section></ac:layout>` +
  `<ac:adf-extension><ac:adf-node type="panel"><ac:adf-attribute key="panel-type">info</ac:adf-attribute><ac:adf-attribute key="${name}">x</ac:adf-attribute>` +
  `<ac:adf-content><p>in panel</p></ac:adf-content></ac:adf-node></ac:adf-extension>`;

const config = resolveConfig({ userMap: { someone: 'acc-1' } }).config;

describe('names that are Object.prototype members', () => {
  for (const name of PROTOTYPE_NAMES) {
    it(`"${name}" converts exactly like an unlisted name`, () => {
      // Finding offsets differ with the name's length; everything else must be the same.
      const convert = (n: string) => {
        const { adf, findings } = convertStorageToAdf(parseStorage(page(n)), { config });
        return JSON.stringify({ adf, findings: findings.map(({ start, end, ...rest }) => rest) });
      };
      assert.equal(convert(name), convert(PLAIN).replaceAll(PLAIN, name));
    });

    it(`"${name}" lints exactly like an unlisted name`, () => {
      const findings = (n: string) =>
        lint(page(n), 'storage', { config }).problems.map((p) => `${p.ruleId}@${p.start}`);
      const shift = name.length - PLAIN.length;
      // Offsets move by the length difference for each earlier occurrence of the name.
      const expected = lint(page(PLAIN), 'storage', { config }).problems.map((p) => {
        const before = page(PLAIN).slice(0, p.start).split(PLAIN).length - 1;
        return `${p.ruleId}@${p.start + before * shift}`;
      });
      assert.deepEqual(findings(name), expected);
      assert.ok(expected.some((e) => e.startsWith('unknown-macro@')));
    });
  }
});
