import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { PacketType, ResultCode } from './codes.ts';
import { crc32 } from './crc32.ts';
import { AREA, PLATFORM, REQUESTS, TERMINAL, fakeSigner, hex, toHex } from './fixtures.ts';
import { MIN_FRAME_BYTES, decodeFrame, encodeFrame, nextSessionId, type Frame, type FrameDecodeResult, type FrameDecodeSuccess } from './frame.ts';
import { requestFrame } from './messages.ts';

/**
 * One start-broadcast frame, field by field. Computed independently (Python struct +
 * zlib.crc32); if this test fails the wire layout changed: change it on purpose or not at all.
 */
const GOLDEN_START = hex(`
  FEFD 0100 00000001 01 00 0065
  44402810000000101010101F
  0001
  64402811012010314010401F
  01 0038
    44402810000000101010101202406010001F
    04 02 10201F 50 665A6480 665A66D8
    02 0015 687474703A2F2F31302E302E302E322F612E6D7033
  369A1A0C
`);

function ok(r: FrameDecodeResult): FrameDecodeSuccess {
  if (!r.ok) assert.fail(`expected a frame, got ${r.code}: ${r.message}`);
  return r;
}

function failure(r: FrameDecodeResult, code: number, pattern: RegExp): void {
  assert.equal(r.ok, false, 'expected a refusal');
  if (r.ok) return;
  assert.equal(r.code, code, r.message);
  assert.match(r.message, pattern);
}

const startFrame = (): Frame => requestFrame(1, PLATFORM, [TERMINAL], REQUESTS[0]!);

/** Rewrites the CRC after a deliberate change, so the test reaches the check it targets. */
function recrc(b: Uint8Array): Uint8Array {
  const out = b.slice();
  new DataView(out.buffer).setUint32(out.length - 4, crc32(out, 0, out.length - 4));
  return out;
}

describe('frame codec', () => {
  test('the golden start-broadcast frame: encoding gives these bytes, decoding gives the frame back', async () => {
    assert.equal(toHex(await encodeFrame(startFrame())), toHex(GOLDEN_START));
    const d = ok(decodeFrame(GOLDEN_START));
    assert.deepEqual(d.frame, { ...startFrame(), version: 0x0100, targets: [TERMINAL] });
    assert.equal(d.signature, null);
    assert.equal(toHex(d.signedBytes), toHex(GOLDEN_START.subarray(0, GOLDEN_START.length - 4)));
  });

  test('round trip with several targets, an area code among them, no targets, and a response', async () => {
    for (const targets of [[TERMINAL, AREA, '64402811012010314010402'], []]) {
      for (const packetType of [PacketType.Request, PacketType.Response]) {
        const f: Frame = { sessionId: 0xfffffffe, packetType, source: PLATFORM, targets, businessType: 0x11, content: new Uint8Array(0) };
        const d = ok(decodeFrame(await encodeFrame(f)));
        assert.deepEqual(d.frame, { ...f, version: 0x0100 });
      }
    }
  });

  test('the signature trailer: flag 1, 74 after the content, the signer sees header through content', async () => {
    const { sign, seen } = fakeSigner();
    const bytes = await encodeFrame(startFrame(), sign);
    const unsigned = GOLDEN_START;
    const contentEnd = unsigned.length - 4;
    assert.equal(bytes.length, unsigned.length + 2 + 74);
    assert.equal(bytes[9], 1, 'signature flag');
    assert.equal((bytes[10]! << 8) | bytes[11]!, bytes.length, 'length counts the trailer');
    // What was signed: this frame's header (flag 1, full length) through the end of the content.
    assert.equal(seen.length, 1);
    assert.equal(toHex(seen[0]!), toHex(bytes.subarray(0, contentEnd)));
    assert.equal(toHex(bytes.subarray(12, contentEnd)), toHex(unsigned.subarray(12, contentEnd)), 'body unchanged');
    assert.equal(toHex(bytes.subarray(contentEnd, contentEnd + 2)), '004A', 'signature length 74');
    assert.equal(toHex(bytes.subarray(contentEnd + 2, contentEnd + 12)), '665A64800102030405A6', 'SigTime ‖ serial');
    assert.equal(toHex(bytes.subarray(contentEnd + 12, contentEnd + 76)), 'A5'.repeat(64), 'r‖s');
    assert.equal(new DataView(bytes.buffer).getUint32(bytes.length - 4), crc32(bytes, 0, bytes.length - 4), 'CRC covers the trailer');

    const d = ok(decodeFrame(bytes));
    assert.equal(toHex(d.signedBytes), toHex(seen[0]!));
    assert.ok(d.signature);
    assert.equal(d.signature.sigTime, 0x665a6480);
    assert.equal(d.signature.certSerial, '0102030405A6');
    assert.equal(toHex(d.signature.rs), 'A5'.repeat(64));
    assert.equal(toHex(d.signature.value), toHex(bytes.subarray(contentEnd + 2, contentEnd + 76)));
  });

  test('a signer that returns other than 74 bytes is refused', async () => {
    await assert.rejects(encodeFrame(startFrame(), async () => new Uint8Array(64)), /74-byte GD\/J 081 value, got 64 bytes/);
  });

  test('reading accepts a signature length of 64 (field variant) and refuses others', async () => {
    const bytes = await encodeFrame(startFrame(), fakeSigner().sign);
    const at = GOLDEN_START.length - 4;
    const v64 = bytes.slice();
    v64[at + 1] = 64;
    assert.equal(ok(decodeFrame(recrc(v64))).signature?.certSerial, '0102030405A6');
    const v70 = bytes.slice();
    v70[at + 1] = 70;
    failure(decodeFrame(recrc(v70)), ResultCode.ParseError, /signature length 70, expected 74 or 64/);
  });

  test('every single flipped bit is caught; inside the body the answer is 15 CRC', async () => {
    for (const frame of [GOLDEN_START, await encodeFrame(startFrame(), fakeSigner().sign)]) {
      for (let bit = 0; bit < frame.length * 8; bit++) {
        const b = frame.slice();
        b[bit >> 3]! ^= 0x80 >> (bit & 7);
        const r = decodeFrame(b);
        assert.equal(r.ok, false, `bit ${bit} flipped went unnoticed`);
        if (bit >= 12 * 8 && !r.ok) assert.equal(r.code, ResultCode.CrcError, `bit ${bit}: ${r.message}`);
      }
    }
  });

  test('crcChecked (bytes from a FrameSplitter) decodes the same frame without computing the CRC again', () => {
    assert.deepEqual(decodeFrame(GOLDEN_START, { crcChecked: true }), decodeFrame(GOLDEN_START));
    const b = GOLDEN_START.slice();
    b[b.length - 1]! ^= 1; // only the CRC field: the splitter would have refused this frame
    failure(decodeFrame(b), ResultCode.CrcError, /CRC32/);
    assert.equal(decodeFrame(b, { crcChecked: true }).ok, true, 'the check is the splitter\'s then');
  });

  test('a truncated frame is a parse error at every length', () => {
    for (let n = 0; n < GOLDEN_START.length; n++) {
      const r = decodeFrame(GOLDEN_START.subarray(0, n));
      failure(r, ResultCode.ParseError, /truncated/);
    }
  });

  test('a wrong version is refused with 12, and the session id is kept so the terminal can answer', () => {
    const b = GOLDEN_START.slice();
    b[2] = 0x02;
    const r = decodeFrame(recrc(b));
    failure(r, ResultCode.VersionNotSupported, /version 0x0200 is not supported/);
    assert.equal(!r.ok && r.sessionId, 1);
  });

  test('an oversized or undersized length field is refused without reading past the buffer', () => {
    const big = GOLDEN_START.slice();
    big[10] = 0xff;
    big[11] = 0xff;
    failure(decodeFrame(big), ResultCode.ParseError, /truncated: 101 byte\(s\) of a 65535-byte frame/);
    failure(decodeFrame(GOLDEN_START, { maxFrameBytes: 64 }), ResultCode.ParseError, /length field 101 exceeds the limit of 64/);
    const small = GOLDEN_START.slice();
    small[11] = 20;
    failure(decodeFrame(small), ResultCode.ParseError, new RegExp(`length field 20 is below the minimum ${MIN_FRAME_BYTES}`));
  });

  test('garbage before the frame, or bytes after it, are refused (the stream framer strips them)', () => {
    failure(decodeFrame(Uint8Array.of(0x00, 0x13, ...GOLDEN_START)), ResultCode.ParseError, /header is 0x0013, expected 0xFEFD/);
    failure(decodeFrame(Uint8Array.of(...GOLDEN_START, 0xfe)), ResultCode.ParseError, /1 byte\(s\) after the 101-byte frame/);
  });

  test('a bad packet type, signature flag, BCD digit or target count is 13, even with a good CRC', () => {
    const cases: [number, number, RegExp][] = [
      [8, 3, /packet type 3/],
      [9, 2, /signature flag 2/],
      [13, 0x4a, /source resource code: nibble 0xA at digit 4/],
      [25, 0x09, /target count 9 needs 108 bytes/],
      [37, 0x10, /target 1: 24 digits .* expected 23 or 12/],
      [37, 0xf1, /target 1: digit after the 0xF padding at digit 24/],
    ];
    for (const [at, value, pattern] of cases) {
      const b = GOLDEN_START.slice();
      b[at] = value;
      failure(decodeFrame(recrc(b)), ResultCode.ParseError, pattern);
    }
    const lying = GOLDEN_START.slice();
    lying[40] = 0x20; // content length 0x0020 while 0x38 bytes follow
    failure(decodeFrame(recrc(lying)), ResultCode.ParseError, /unexpected byte/);
  });

  test('a flag of 1 without a trailer is refused', () => {
    const b = GOLDEN_START.slice();
    b[9] = 1;
    failure(decodeFrame(recrc(b)), ResultCode.ParseError, /below the minimum/);
  });

  test('writing is strict: bad codes, values out of range, unknown versions throw', async () => {
    await assert.rejects(encodeFrame({ ...startFrame(), source: AREA }), /source resource code must be 23 decimal digits/);
    await assert.rejects(encodeFrame({ ...startFrame(), targets: ['6440281101201031401040X'] }), /target 1 must be 23 or 12 decimal digits/);
    await assert.rejects(encodeFrame({ ...startFrame(), sessionId: 2 ** 32 }), /session id must be an integer/);
    await assert.rejects(encodeFrame({ ...startFrame(), content: new Uint8Array(70000) }), /content length must be an integer 0..65535/);
    await assert.rejects(encodeFrame({ ...startFrame(), content: new Uint8Array(65500) }), /u16 length field allows 65535/);
    await assert.rejects(encodeFrame(startFrame(), undefined, 0x0200), /version 0x0200 is not registered/);
  });

  test('decoding never throws, whatever the bytes', async () => {
    const signed = await encodeFrame(startFrame(), fakeSigner().sign);
    let seed = 7;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (let i = 0; i < 3000; i++) {
      const b = (i % 2 ? signed : GOLDEN_START).slice(0, rand(signed.length + 1));
      for (let k = rand(4); k > 0 && b.length; k--) b[rand(b.length)] = rand(256);
      const r = decodeFrame(rand(2) ? recrc(b.length >= 4 ? b : GOLDEN_START) : b);
      assert.equal(typeof r.ok, 'boolean');
    }
  });

  test('session ids count up and wrap past 0xFFFFFFFF to 1', () => {
    assert.equal(nextSessionId(0), 1);
    assert.equal(nextSessionId(41), 42);
    assert.equal(nextSessionId(0xffffffff), 1);
  });
});
