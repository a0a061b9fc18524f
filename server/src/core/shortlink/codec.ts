/**
 * Confluence short-link ("tiny link") codes: `/x/CODE` ↔ numeric content id.
 *
 * Confluence's `TinyUrl` Base64-encodes the id as a 64-bit little-endian long with the
 * standard alphabet, drops the `=` padding, swaps `+`→`_` and `/`→`-` (the OPPOSITE of RFC 4648
 * url-safe Base64) and strips trailing `A`s (high-order zero bits). Ids are decimal strings
 * and all 64 bits count: Cloud ids are already past 2^32, and past 2^53 a JavaScript number
 * would round, so those go through BigInt.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';
const VALUE = new Map<string, number>([...ALPHABET].map((c, i) => [c, i]));
const CODE = /^[A-Za-z0-9_-]{1,11}$/;
const MAX_ID = (1n << 64n) - 1n;

/** True when `code` has the shape of a short-link code (1 to 11 characters of the alphabet). */
export function isShortCode(code: string): boolean {
  return CODE.test(code);
}

/**
 * The short-link code of a content id (decimal string, number or bigint). Undefined for
 * anything that is not a whole number in 1..2^64-1 (id 0 would encode to an empty code).
 */
export function encodeShortCode(id: string | number | bigint): string | undefined {
  let n: bigint;
  if (typeof id === 'bigint') n = id;
  else if (typeof id === 'number') {
    if (!Number.isSafeInteger(id)) return undefined;
    n = BigInt(id);
  } else {
    if (!/^[0-9]{1,20}$/.test(id)) return undefined;
    n = BigInt(id);
  }
  if (n < 1n || n > MAX_ID) return undefined;
  const bytes: number[] = [];
  for (let i = 0; i < 8; i++) bytes.push(Number((n >> BigInt(8 * i)) & 0xffn));
  // 8 bytes = two full 3-byte groups plus 2 bytes: 11 characters, the last carrying 4 bits.
  let out = '';
  for (let i = 0; i < 8; i += 3) {
    const b0 = bytes[i];
    const b1 = bytes[i + 1] ?? 0;
    const b2 = bytes[i + 2] ?? 0;
    const triple = (b0 << 16) | (b1 << 8) | b2;
    const chars = i + 2 < 8 ? 4 : 3;
    for (let k = 0; k < chars; k++) out += ALPHABET[(triple >> (18 - 6 * k)) & 63];
  }
  return out.replace(/A+$/, '');
}

/**
 * The content id (decimal string) a short-link code stands for, or undefined when the code
 * is not valid: wrong characters, longer than 11, an id of 0, or bits past the 64th set
 * (an 11th character whose low 2 bits are not zero was never produced by Confluence).
 */
export function decodeShortCode(code: string): string | undefined {
  if (!CODE.test(code)) return undefined;
  // 12 characters (11 padded with `A`, plus one more) are 72 bits: the 8 id bytes and a 9th
  // byte holding the 2 padding bits, which must be zero. Plain numbers keep this cheap.
  const padded = code.padEnd(12, 'A');
  const bytes: number[] = [];
  for (let i = 0; i < 12; i += 4) {
    const triple =
      (VALUE.get(padded[i])! << 18) | (VALUE.get(padded[i + 1])! << 12) | (VALUE.get(padded[i + 2])! << 6) | VALUE.get(padded[i + 3])!;
    bytes.push((triple >> 16) & 0xff, (triple >> 8) & 0xff, triple & 0xff);
  }
  if (bytes[8] !== 0) return undefined;
  const low = (bytes[0] | (bytes[1] << 8) | (bytes[2] << 16) | (bytes[3] << 24)) >>> 0;
  const high = (bytes[4] | (bytes[5] << 8) | (bytes[6] << 16) | (bytes[7] << 24)) >>> 0;
  if (low === 0 && high === 0) return undefined;
  // Below 2^53 a number is exact; above it only BigInt is.
  return high < 0x200000 ? String(high * 0x100000000 + low) : ((BigInt(high) << 32n) | BigInt(low)).toString();
}
