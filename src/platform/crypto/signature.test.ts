import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPair, type Sm2KeyPair } from './sm2.ts';
import { SoftwareSigner, type Signer } from './signer.ts';
import { CertificateTrustList } from './trust.ts';
import { verifySignatureValue, type VerifyResult } from './verify.ts';
import { ReplayGuard } from './replay.ts';

const SERIAL = '0A1B2C3D4E5F';
const NOW = new Date('2026-03-01T02:00:00Z');
const key: Sm2KeyPair = generateKeyPair();
const signer = new SoftwareSigner({ privateKeyHex: key.privateKeyHex, certSerial: SERIAL.toLowerCase(), clock: () => NOW });
const data = Buffer.from('<EBD><EBDID>10444028100000001010101010000000000000001</EBDID>应急</EBD>');

function trustList(over: { validFrom?: Date; validTo?: Date; revoked?: boolean } = {}): CertificateTrustList {
  const list = new CertificateTrustList({ precomputeWindow: 4 });
  list.add(SERIAL, {
    publicKeyHex: key.publicKeyHex,
    subject: '44402810000000101010101',
    validFrom: over.validFrom ?? new Date('2025-01-01T00:00:00Z'),
    validTo: over.validTo ?? new Date('2027-01-01T00:00:00Z'),
    revoked: over.revoked,
  });
  return list;
}
const trust = trustList();

function flip(buf: Uint8Array, byte: number, bit = 0): Buffer {
  const b = Buffer.from(buf);
  b[byte]! ^= 1 << bit;
  return b;
}

function reason(r: VerifyResult): string {
  return r.ok ? 'ok' : r.reason;
}

describe('signature value: layout and round trip', () => {
  test('a value verifies and carries SigTime and serial', async () => {
    const value = await signer.sign(data);
    assert.equal(value.length, 74);
    assert.equal(value.readUInt32BE(0), NOW.getTime() / 1000);
    assert.equal(value.subarray(4, 10).toString('hex').toUpperCase(), SERIAL);
    assert.deepEqual(verifySignatureValue(data, value, trust, { now: NOW }), { ok: true, certSerial: SERIAL, sigTime: NOW });
  });
  test('SigTime is truncated to whole seconds; signatures are randomised', async () => {
    const t = new Date(NOW.getTime() + 1999);
    const a = await signer.sign(data, t);
    const b = await signer.sign(data, t);
    assert.equal(a.readUInt32BE(0), NOW.getTime() / 1000 + 1);
    assert.notDeepEqual(a.subarray(10), b.subarray(10));
    assert.ok(verifySignatureValue(data, a, trust, { now: t }).ok && verifySignatureValue(data, b, trust, { now: t }).ok);
  });
  test('empty and large data', async () => {
    const big = Buffer.alloc(2 * 1024 * 1024, 0x5a);
    for (const d of [Buffer.alloc(0), big]) assert.ok(verifySignatureValue(d, await signer.sign(d), trust, { now: NOW }).ok);
  });
  test('a Signer can stand for a crypto card: only the interface is used', async () => {
    const card: Signer = { certSerial: SERIAL, sign: (d, t) => signer.sign(d, t) };
    assert.ok(verifySignatureValue(data, await card.sign(data, NOW), trust, { now: NOW }).ok);
  });
  test('the signer refuses bad keys and serials and never shows its key', () => {
    assert.throws(() => new SoftwareSigner({ privateKeyHex: '00', certSerial: SERIAL }), TypeError);
    assert.throws(() => new SoftwareSigner({ privateKeyHex: key.privateKeyHex, certSerial: '0A1B2C3D4E' }), TypeError);
    assert.throws(() => new SoftwareSigner({ privateKeyHex: key.privateKeyHex, certSerial: '0A1B2C3D4E5G' }), TypeError);
    assert.ok(!JSON.stringify(signer).includes(key.privateKeyHex));
    assert.equal(signer.publicKeyHex, key.publicKeyHex);
  });
  test('a SigTime outside u32 cannot be signed', async () => {
    await assert.rejects(signer.sign(data, new Date('1960-01-01T00:00:00Z')), RangeError);
    await assert.rejects(signer.sign(data, new Date(Number.NaN)), RangeError);
  });
});

describe('signature value: rejections', () => {
  test('a flipped bit anywhere in the data', async () => {
    const value = await signer.sign(data);
    for (const at of [0, 17, data.length - 1]) assert.equal(reason(verifySignatureValue(flip(data, at, 3), value, trust, { now: NOW })), 'BAD_SIGNATURE');
    assert.equal(reason(verifySignatureValue(Buffer.concat([data, Buffer.from(' ')]), value, trust, { now: NOW })), 'BAD_SIGNATURE');
  });
  test('a flipped bit in r, in s, or in SigTime (SigTime is signed too)', async () => {
    const value = await signer.sign(data);
    for (const at of [10, 41, 42, 73]) assert.equal(reason(verifySignatureValue(data, flip(value, at, 5), trust, { now: NOW })), 'BAD_SIGNATURE', `byte ${at}`);
    // One second later: still fresh, so only the signature can catch it.
    assert.equal(reason(verifySignatureValue(data, flip(value, 3, 0), trust, { now: NOW })), 'BAD_SIGNATURE');
  });
  test('re-labelling with another trusted serial of the same key fails (the serial is signed too)', async () => {
    const list = trustList();
    list.add('0A1B2C3D4E5E', { publicKeyHex: key.publicKeyHex, subject: 'twin', validFrom: new Date(0), validTo: new Date('2030-01-01') });
    assert.equal(reason(verifySignatureValue(data, flip(await signer.sign(data), 9, 0), list, { now: NOW })), 'BAD_SIGNATURE');
  });
  test('another key signing under the listed serial', async () => {
    const impostor = new SoftwareSigner({ privateKeyHex: generateKeyPair().privateKeyHex, certSerial: SERIAL });
    assert.equal(reason(verifySignatureValue(data, await impostor.sign(data, NOW), trust, { now: NOW })), 'BAD_SIGNATURE');
  });
  test('an unknown certificate serial', async () => {
    const stranger = new SoftwareSigner({ privateKeyHex: key.privateKeyHex, certSerial: 'FFFFFFFFFFFF' });
    const r = verifySignatureValue(data, await stranger.sign(data, NOW), trust, { now: NOW });
    assert.deepEqual(r, { ok: false, reason: 'UNKNOWN_CERTIFICATE', certSerial: 'FFFFFFFFFFFF', sigTime: NOW });
  });
  test('an expired, a not yet valid and a revoked certificate', async () => {
    const value = await signer.sign(data);
    const expired = trustList({ validTo: new Date(NOW.getTime() - 1000) });
    const future = trustList({ validFrom: new Date(NOW.getTime() + 1000) });
    assert.equal(reason(verifySignatureValue(data, value, expired, { now: NOW })), 'CERTIFICATE_EXPIRED');
    assert.equal(reason(verifySignatureValue(data, value, future, { now: NOW })), 'CERTIFICATE_EXPIRED');
    assert.equal(reason(verifySignatureValue(data, value, trustList({ revoked: true }), { now: NOW })), 'CERTIFICATE_REVOKED');
    const list = trustList();
    assert.ok(list.revoke(SERIAL.toLowerCase()));
    assert.equal(reason(verifySignatureValue(data, value, list, { now: NOW })), 'CERTIFICATE_REVOKED');
    list.delete(SERIAL);
    assert.equal(reason(verifySignatureValue(data, value, list, { now: NOW })), 'UNKNOWN_CERTIFICATE');
  });
  test('SigTime outside the freshness window, past and future, at the exact edges', async () => {
    const value = await signer.sign(data);
    const at = (s: number, skew?: number) => reason(verifySignatureValue(data, value, trust, { now: new Date(NOW.getTime() + s * 1000), maxSkewSeconds: skew }));
    assert.equal(at(300), 'ok');
    assert.equal(at(300.999), 'ok');
    assert.equal(at(301), 'STALE');
    assert.equal(at(-300), 'ok');
    assert.equal(at(-301), 'FROM_THE_FUTURE');
    assert.equal(at(31, 30), 'STALE');
    assert.equal(at(-31, 30), 'FROM_THE_FUTURE');
  });
  test('malformed lengths and types never throw', async () => {
    const value = await signer.sign(data);
    for (const v of [Buffer.alloc(0), value.subarray(0, 73), Buffer.concat([value, Buffer.alloc(1)]), Buffer.alloc(10)]) {
      assert.equal(reason(verifySignatureValue(data, v, trust, { now: NOW })), 'MALFORMED');
    }
    for (const junk of [null, undefined, 'abc', 74, {}, [1, 2, 3]]) {
      assert.equal(reason(verifySignatureValue(data, junk as unknown as Uint8Array, trust, { now: NOW })), 'MALFORMED');
      assert.equal(reason(verifySignatureValue(junk as unknown as Uint8Array, value, trust, { now: NOW })), 'MALFORMED');
    }
  });
  test('r or s out of range, and random bytes, are rejected without throwing', async () => {
    const value = await signer.sign(data);
    const n = Buffer.from('fffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123', 'hex');
    const withR = (r: Buffer) => Buffer.concat([value.subarray(0, 10), r, value.subarray(42)]);
    const withS = (s: Buffer) => Buffer.concat([value.subarray(0, 42), s]);
    for (const v of [withR(Buffer.alloc(32)), withS(Buffer.alloc(32)), withR(n), withS(n), withS(Buffer.alloc(32, 0xff))]) {
      assert.equal(reason(verifySignatureValue(data, v, trust, { now: NOW })), 'BAD_SIGNATURE');
    }
    for (let i = 0; i < 20; i++) {
      const random = Buffer.concat([value.subarray(0, 10), Buffer.from(generateKeyPair().publicKeyHex.slice(2), 'hex')]);
      assert.equal(reason(verifySignatureValue(data, random, trust, { now: NOW })), 'BAD_SIGNATURE');
    }
  });
  test('invalid options are a programming error', async () => {
    const value = await signer.sign(data);
    assert.throws(() => verifySignatureValue(data, value, trust, { maxSkewSeconds: -1 }), RangeError);
    assert.throws(() => verifySignatureValue(data, value, trust, { now: new Date(Number.NaN) }), RangeError);
  });
});

describe('receiving: verify, then the replay guard', () => {
  test('a replay of an earlier valid message is caught although its signature is still good', async () => {
    const guard = new ReplayGuard();
    const receive = (body: Buffer, value: Buffer, seq: bigint, now: Date): string => {
      const v = verifySignatureValue(body, value, trust, { now });
      if (!v.ok) return v.reason;
      return guard.check('44402810000000101010101', seq, `10444028100000001010101${seq.toString().padStart(16, '0')}`, v.sigTime, now);
    };
    const first = await signer.sign(data, NOW);
    const second = await signer.sign(Buffer.from('second'), NOW);
    assert.equal(receive(data, first, 1n, NOW), 'ok');
    assert.equal(receive(Buffer.from('second'), second, 2n, NOW), 'ok');
    const later = new Date(NOW.getTime() + 60_000);
    assert.equal(receive(data, first, 1n, later), 'REPLAYED');
    assert.equal(receive(data, first, 1n, new Date(NOW.getTime() + 301_000)), 'STALE');
  });
});

describe('trust list', () => {
  test('keys beyond the precomputation budget still verify', async () => {
    const list = new CertificateTrustList({ maxPrecomputedKeys: 1, precomputeWindow: 4 });
    const other = generateKeyPair();
    const a = list.add('000000000001', { publicKeyHex: key.publicKeyHex, subject: 'a', validFrom: new Date(0), validTo: new Date('2030-01-01') });
    const b = list.add('000000000002', { publicKeyHex: other.publicKeyHex, subject: 'b', validFrom: new Date(0), validTo: new Date('2030-01-01') });
    assert.equal(a.key.window, 4);
    assert.equal(b.key.window, 1);
    const s2 = new SoftwareSigner({ privateKeyHex: other.privateKeyHex, certSerial: '000000000002' });
    assert.ok(verifySignatureValue(data, await s2.sign(data, NOW), list, { now: NOW }).ok);
    list.delete('000000000001');
    const c = list.add('000000000003', { publicKeyHex: key.publicKeyHex, subject: 'c', validFrom: new Date(0), validTo: new Date('2030-01-01') });
    assert.equal(c.key.window, 4, 'a deleted key frees its precomputation slot');
    assert.deepEqual(list.list().map((e) => e.certSerial), ['000000000002', '000000000003']);
  });
  test('bad configuration fails loudly', () => {
    const list = new CertificateTrustList();
    const base = { publicKeyHex: key.publicKeyHex, subject: 'x', validFrom: new Date(0), validTo: new Date('2030-01-01') };
    assert.throws(() => list.add('12345', base), TypeError);
    assert.throws(() => list.add('000000000001', { ...base, publicKeyHex: '04' + '00'.repeat(64) }), TypeError);
    assert.throws(() => list.add('000000000001', { ...base, validFrom: new Date('2031-01-01') }), TypeError);
    assert.equal(list.size, 0);
  });
});
