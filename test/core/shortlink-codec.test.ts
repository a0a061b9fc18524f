import { strict as assert } from 'node:assert';
import { decodeShortCode, encodeShortCode, isShortCode } from '../../server/src/core/shortlink/codec';

/** storage-format.md §5.2, every worked example. */
const WORKED_EXAMPLES: readonly [string, string][] = [
  ['201819180', 'LIQHD'],
  ['956713432', '2EkGOQ'],
  ['2130805210', '2oEBfw'],
  ['2122383717', 'ZQGBfg'],
  ['1234567', 'h9YS'],
  ['65536', 'AAAB'],
  ['4294967295', '-----w'],
  ['4294967296', 'AAAAAAE'],
  ['5000000000', 'APIFKgE'],
  ['4400119831', 'F4BEBgE'],
  ['1035894949', 'pYC_PQ'],
];

describe('short-link codec', () => {
  for (const [id, code] of WORKED_EXAMPLES) {
    it(`${id} ↔ ${code}`, () => {
      assert.equal(encodeShortCode(id), code);
      assert.equal(encodeShortCode(BigInt(id)), code);
      assert.equal(decodeShortCode(code), id);
    });
  }

  it('accepts ids as numbers when they are safe integers', () => {
    assert.equal(encodeShortCode(201819180), 'LIQHD');
    assert.equal(encodeShortCode(2 ** 53), undefined);
    assert.equal(encodeShortCode(1.5), undefined);
  });

  it('round-trips ids past 2^53 and up to 2^64-1 exactly (BigInt, not number)', () => {
    for (const id of ['9007199254740993', '12345678901234567890', '18446744073709551615', '1', '255', '256']) {
      const code = encodeShortCode(id)!;
      assert.ok(isShortCode(code), `${id} → ${code}`);
      assert.equal(decodeShortCode(code), id);
    }
    assert.equal(encodeShortCode('18446744073709551615'), '----------8');
  });

  it('rejects what is not an id', () => {
    for (const id of ['0', '-1', '18446744073709551616', '12a', '', ' 1', '1e3']) assert.equal(encodeShortCode(id), undefined, id);
  });

  it('rejects what is not a code', () => {
    for (const code of ['', 'AAAAAAAAAAAA', 'ab+c', 'ab/c', 'abc=', 'ab c', 'A', 'AAAA', 'AAAAAAAAAAA', '----------9']) {
      assert.equal(decodeShortCode(code), undefined, code);
    }
  });

  describe('pitfalls of public implementations (storage-format.md §5.1)', () => {
    it('4-byte packing: ids ≥ 2^32 are neither refused nor truncated', () => {
      assert.equal(decodeShortCode('F4BEBgE'), '4400119831');
      assert.notEqual(decodeShortCode('F4BEBgE'), String(4400119831 % 2 ** 32));
      assert.equal(encodeShortCode('4294967296'), 'AAAAAAE');
    });

    it('RFC 4648 url-safe decoding swaps the two characters: pYC_PQ is 1035894949, not 1035960485', () => {
      assert.equal(decodeShortCode('pYC_PQ'), '1035894949');
      // Confluence maps + → _ and / → -: the url-safe decoder reads `_` as `/`.
      const urlSafe = Buffer.from('pYC_PQAAAAA', 'base64url');
      assert.equal(urlSafe.readBigUInt64LE(0).toString(), '1035960485');
    });

    it('big-endian reading: ZQGBfg is 2122383717 (little-endian), not 1694597502', () => {
      assert.equal(decodeShortCode('ZQGBfg'), '2122383717');
      assert.equal(Buffer.from('ZQGBfg', 'base64').readUInt32BE(0), 1694597502);
    });

    it('only trailing As are dropped, leading As stay (the Perl sample strips them)', () => {
      assert.equal(encodeShortCode('65536'), 'AAAB');
      assert.equal(decodeShortCode('AAAB'), '65536');
      assert.equal(decodeShortCode('B'), '4');
    });

    it('codes with - and _ need the character mapping (atob(code) fails or misreads)', () => {
      assert.equal(decodeShortCode('-----w'), '4294967295');
      assert.throws(() => atob('-----w'));
    });

    it('matches Node Base64 on the Java recipe for random 64-bit ids', () => {
      let seed = 0x2545f4914f6cdd1dn;
      for (let i = 0; i < 500; i++) {
        seed = (seed * 6364136223846793005n + 1442695040888963407n) & ((1n << 64n) - 1n);
        const id = seed >> BigInt(i % 60);
        if (id === 0n) continue;
        const bytes = Buffer.alloc(8);
        bytes.writeBigUInt64LE(id);
        const java = bytes.toString('base64').replace(/=+$/, '').replace(/\//g, '-').replace(/\+/g, '_').replace(/A+$/, '');
        assert.equal(encodeShortCode(id), java, id.toString());
        assert.equal(decodeShortCode(java), id.toString());
      }
    });
  });
});
