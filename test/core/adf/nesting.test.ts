import { strict as assert } from 'node:assert';
import { allowedChildren, canContain } from '../../../server/src/core/adf/nesting';

// The matrix of storage-format.md §3.5 ("What the Cloud editor cannot nest"), copied row by
// row: parent = row, direct child = column, Y = allowed, - = rejected by the full schema.
const COLUMNS = [
  'paragraph', 'codeBlock', 'panel', 'expand', 'nestedExpand', 'bodiedExtension', 'extension', 'table',
  'blockquote', 'bulletList', 'layoutSection', 'taskList', 'decisionList', 'heading', 'rule',
];
const MATRIX: Record<string, string> = {
  panel: '          Y Y - - - - Y - - Y - Y Y Y Y',
  expand: '         Y Y Y - Y - Y Y Y Y - Y Y Y Y',
  nestedExpand: '   Y Y Y - - - Y - Y Y - Y Y Y Y',
  bodiedExtension: 'Y Y Y - - - Y Y Y Y - Y Y Y Y',
  blockquote: '     Y Y - - - - Y - - Y - - - - -',
  tableCell: '      Y Y Y - Y - Y - Y Y - Y Y Y Y',
  listItem: '       Y Y - - - - Y - - Y - Y - - -',
  layoutColumn: '   Y Y Y Y - Y Y Y Y Y - Y Y Y Y',
  doc: '            Y Y Y Y - Y Y Y Y Y Y Y Y Y Y',
};

describe('adf/nesting: canContain reproduces the Cloud nesting matrix', () => {
  for (const [parent, row] of Object.entries(MATRIX)) {
    it(`row ${parent}`, () => {
      const expected = row.trim().split(/\s+/);
      assert.equal(expected.length, COLUMNS.length);
      const actual = COLUMNS.map((child) => (canContain(parent, child) ? 'Y' : '-'));
      assert.deepEqual(actual, expected);
    });
  }

  it('answers the headline questions of the brief', () => {
    assert.equal(canContain('panel', 'panel'), false);
    assert.equal(canContain('expand', 'expand'), false);
    assert.equal(canContain('expand', 'nestedExpand'), true);
    assert.equal(canContain('nestedExpand', 'nestedExpand'), false);
    assert.equal(canContain('tableCell', 'table'), false);
    assert.equal(canContain('tableHeader', 'nestedExpand'), true);
    assert.equal(canContain('panel', 'codeBlock'), true);
    assert.equal(canContain('expand', 'table'), true);
    assert.equal(canContain('layoutColumn', 'bodiedExtension'), true);
  });

  it('allows layoutSection only at the root', () => {
    const parents = ['doc', 'panel', 'expand', 'nestedExpand', 'bodiedExtension', 'blockquote', 'tableCell',
      'tableHeader', 'listItem', 'layoutColumn', 'layoutSection'];
    assert.deepEqual(parents.filter((p) => canContain(p, 'layoutSection')), ['doc']);
  });

  it('looks past the first child of a list item', () => {
    // listItem content starts with a paragraph-like node; later children are wider.
    assert.equal(canContain('listItem', 'bulletList'), true);
    assert.equal(canContain('listItem', 'orderedList'), true);
  });

  it('knows the structural children', () => {
    // unsupportedBlock is the editor's placeholder for unknown content, allowed nearly everywhere.
    assert.deepEqual([...allowedChildren('table')].sort(), ['tableRow']);
    assert.deepEqual([...allowedChildren('layoutSection')].sort(), ['layoutColumn', 'unsupportedBlock']);
    assert.ok(allowedChildren('tableRow').has('tableCell') && allowedChildren('tableRow').has('tableHeader'));
  });

  it('returns false for unknown or leaf types instead of throwing', () => {
    assert.equal(canContain('noSuchNode', 'paragraph'), false);
    assert.equal(canContain('paragraph', 'noSuchNode'), false);
    assert.equal(canContain('text', 'text'), false);
    assert.equal(canContain('toString', 'paragraph'), false);
    assert.equal(allowedChildren('rule').size, 0);
  });
});
