import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { EBMID_BYTES, RESOURCE_CODE_BYTES, decodeBcd, encodeBcd } from './bcd.ts';
import { DecodeError } from './bytes.ts';
import { ResultCode } from './codes.ts';
import { crc32 } from './crc32.ts';
import { AREA, EBMID, PLATFORM, hex, toHex } from './fixtures.ts';

describe('CRC32 (IEEE, as zlib)', () => {
  test('matches the standard check value and known vectors', () => {
    assert.equal(crc32(new TextEncoder().encode('123456789')), 0xcbf43926);
    assert.equal(crc32(new Uint8Array(0)), 0);
    // zlib.crc32(b'The quick brown fox jumps over the lazy dog')
    assert.equal(crc32(new TextEncoder().encode('The quick brown fox jumps over the lazy dog')), 0x414fa339);
  });

  test('covers exactly the range it is given', () => {
    const b = new TextEncoder().encode('xx123456789yy');
    assert.equal(crc32(b, 2, 11), 0xcbf43926);
  });
});

describe('packed BCD', () => {
  test('a 23-digit resource code fills 12 bytes with one 0xF pad nibble', () => {
    const b = encodeBcd(PLATFORM, RESOURCE_CODE_BYTES, 'resource code');
    assert.equal(toHex(b), '44402810000000101010101F');
    assert.equal(decodeBcd(b, 'resource code'), PLATFORM);
  });

  test('a 12-digit area code in the same 12-byte field is padded with 0xF', () => {
    const b = encodeBcd(AREA, RESOURCE_CODE_BYTES, 'area code');
    assert.equal(toHex(b), '440281000000FFFFFFFFFFFF');
    assert.equal(decodeBcd(b, 'area code'), AREA);
  });

  test('a 35-digit EBMID fills 18 bytes', () => {
    const b = encodeBcd(EBMID, EBMID_BYTES, 'EBMID');
    assert.equal(toHex(b), '44402810000000101010101202406010001F');
    assert.equal(decodeBcd(b, 'EBMID'), EBMID);
  });

  test('leading zeros survive', () => {
    assert.equal(decodeBcd(encodeBcd('00012', 3, 'x'), 'x'), '00012');
  });

  test('writing refuses non-digits and too many digits, naming the field and the character', () => {
    assert.throws(() => encodeBcd('4440281000000010101010X', 12, 'resource code'), /resource code must be decimal digits only; .* "X" at position 23/);
    assert.throws(() => encodeBcd('４４４', 12, 'resource code'), /decimal digits only/);
    assert.throws(() => encodeBcd('-1', 12, 'resource code'), /decimal digits only/);
    assert.throws(() => encodeBcd('1'.repeat(25), 12, 'resource code'), /25 digits; at most 24 fit in 12 bytes/);
  });

  test('reading refuses a nibble A–E with 13 parse and says where', () => {
    const b = hex('44402A10000000101010101F');
    assert.throws(
      () => decodeBcd(b, 'source resource code'),
      (e: unknown) => e instanceof DecodeError && e.code === ResultCode.ParseError && /source resource code: nibble 0xA at digit 6/.test(e.message),
    );
  });

  test('reading refuses a digit after the padding', () => {
    assert.throws(() => decodeBcd(hex('44F1'), 'EBMID'), /EBMID: digit after the 0xF padding at digit 4/);
  });

  test('all-0xF decodes to no digits ("none")', () => {
    assert.equal(decodeBcd(new Uint8Array(18).fill(0xff), 'x'), '');
  });
});
