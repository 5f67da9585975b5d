/**
 * Interop: our signatures against two independent SM2 implementations.
 *   sm-crypto 0.5.8 (a different JavaScript code base: jsbn, its own SM3)
 *   the OpenSSL 3 command line (C, Z with `-pkeyopt distid:1234567812345678`)
 * Both see r ‖ s as a plain standard SM2 signature of M = data ‖ SigTime ‖ serial.
 */
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateKeyPair, SM2_DEFAULT_USER_ID } from './sm2.ts';
import { privateKeyFromPem, privateKeyToPem, publicKeyFromPem, publicKeyToPem, signatureFromDer, signatureToDer } from './asn1.ts';
import { SoftwareSigner } from './signer.ts';
import { CertificateTrustList } from './trust.ts';
import { verifySignatureValue } from './verify.ts';
import { signatureHeader } from './signature-value.ts';

/** The part of sm-crypto 0.5.8's API used here (it ships no types). */
interface SmCryptoSm2 {
  doSignature(msg: Uint8Array | string, privateKey: string, opts: { hash?: boolean; der?: boolean; publicKey?: string; userId?: string }): string;
  doVerifySignature(msg: Uint8Array | string, sigHex: string, publicKey: string, opts: { hash?: boolean; der?: boolean; userId?: string }): boolean;
}
const smCrypto = (createRequire(import.meta.url)('sm-crypto') as { sm2: SmCryptoSm2 }).sm2;

const SERIAL = '00112233AABB';
const NOW = new Date('2026-03-01T02:00:00Z');
const data = Buffer.from('<EBD><EBMID>44402810000000101010101202603010001</EBMID><MsgTitle>台风红色预警</MsgTitle></EBD>');
const key = generateKeyPair();
const signer = new SoftwareSigner({ privateKeyHex: key.privateKeyHex, certSerial: SERIAL });
const trust = new CertificateTrustList({ precomputeWindow: 4 });
trust.add(SERIAL, { publicKeyHex: key.publicKeyHex, subject: 'interop', validFrom: new Date('2025-01-01'), validTo: new Date('2030-01-01') });

/** M as defined in signature-value.ts. */
const signedMessage = (value: Buffer): Buffer => Buffer.concat([data, value.subarray(0, 10)]);

describe('interop with sm-crypto 0.5.8', () => {
  test('our signature verifies there (hash: true, default user id)', async () => {
    const value = await signer.sign(data, NOW);
    const rsHex = value.subarray(10).toString('hex');
    assert.equal(smCrypto.doVerifySignature(signedMessage(value), rsHex, key.publicKeyHex, { hash: true, userId: SM2_DEFAULT_USER_ID }), true);
    assert.equal(smCrypto.doVerifySignature(data, rsHex, key.publicKeyHex, { hash: true, userId: SM2_DEFAULT_USER_ID }), false, 'the header is part of M');
    assert.equal(smCrypto.doVerifySignature(signedMessage(value), rsHex, key.publicKeyHex, { hash: true, userId: 'other' }), false);
  });
  test('its signature verifies here', () => {
    const header = signatureHeader(NOW, SERIAL);
    const rsHex = smCrypto.doSignature(Buffer.concat([data, header]), key.privateKeyHex, { hash: true, publicKey: key.publicKeyHex, userId: SM2_DEFAULT_USER_ID });
    const value = Buffer.concat([header, Buffer.from(rsHex, 'hex')]);
    assert.deepEqual(verifySignatureValue(data, value, trust, { now: NOW }), { ok: true, certSerial: SERIAL, sigTime: NOW });
  });
  test('its DER signature decodes to our r ‖ s', () => {
    const der = smCrypto.doSignature(data, key.privateKeyHex, { hash: true, der: true, userId: SM2_DEFAULT_USER_ID });
    const rs = signatureFromDer(Buffer.from(der, 'hex'));
    assert.ok(rs);
    assert.equal(smCrypto.doVerifySignature(data, rs.toString('hex'), key.publicKeyHex, { hash: true }), true);
  });
});

const openssl = spawnSync('openssl', ['version'], { encoding: 'utf8' });
const opensslVersion = openssl.status === 0 ? openssl.stdout.trim() : '';
const skipOpenssl = !opensslVersion
  ? 'openssl binary not found: install OpenSSL 3 to run the command-line interop checks'
  : !/^OpenSSL 3\./.test(opensslVersion)
    ? `needs OpenSSL 3 for pkeyutl -rawin -digest (found ${opensslVersion})`
    : false;

describe(`interop with the OpenSSL command line (${opensslVersion || 'absent'})`, { skip: skipOpenssl }, () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'rongmei-sm2-'));
  const file = (name: string) => path.join(dir, name);
  const pkeyutl = (args: string[]): { ok: boolean; out: string } => {
    const r = spawnSync('openssl', ['pkeyutl', ...args, '-rawin', '-digest', 'sm3', '-pkeyopt', `distid:${SM2_DEFAULT_USER_ID}`], { encoding: 'utf8' });
    return { ok: r.status === 0, out: `${r.stdout}${r.stderr}` };
  };
  const verify = (pubPem: string, msg: Buffer, der: Buffer) => {
    writeFileSync(file('pub.pem'), pubPem);
    writeFileSync(file('msg.bin'), msg);
    writeFileSync(file('sig.der'), der);
    return pkeyutl(['-verify', '-pubin', '-inkey', file('pub.pem'), '-in', file('msg.bin'), '-sigfile', file('sig.der')]);
  };

  test('our signature verifies with openssl pkeyutl; a flipped bit does not', async () => {
    const value = await signer.sign(data, NOW);
    const der = signatureToDer(value.subarray(10));
    const good = verify(publicKeyToPem(key.publicKeyHex), signedMessage(value), der);
    assert.ok(good.ok, good.out);
    assert.match(good.out, /Signature Verified Successfully/);
    const tampered = signedMessage(value);
    tampered[0]! ^= 1;
    assert.equal(verify(publicKeyToPem(key.publicKeyHex), tampered, der).ok, false);
  });
  test('openssl signs with our PKCS#8 PEM; we verify', () => {
    const header = signatureHeader(NOW, SERIAL);
    writeFileSync(file('key.pem'), privateKeyToPem(key.privateKeyHex), { mode: 0o600 });
    writeFileSync(file('m.bin'), Buffer.concat([data, header]));
    const r = pkeyutl(['-sign', '-inkey', file('key.pem'), '-in', file('m.bin'), '-out', file('s.der')]);
    assert.ok(r.ok, r.out);
    const rs = signatureFromDer(readFileSync(file('s.der')));
    assert.ok(rs);
    assert.ok(verifySignatureValue(data, Buffer.concat([header, rs]), trust, { now: NOW }).ok);
  });
  test('a key made by openssl genpkey imports and signs for openssl', async () => {
    execFileSync('openssl', ['genpkey', '-algorithm', 'SM2', '-out', file('gen.pem')]);
    const pubPem = execFileSync('openssl', ['pkey', '-in', file('gen.pem'), '-pubout'], { encoding: 'utf8' });
    const priv = privateKeyFromPem(readFileSync(file('gen.pem'), 'utf8'));
    const card = new SoftwareSigner({ privateKeyHex: priv, certSerial: 'FEDCBA987654' });
    assert.equal(publicKeyFromPem(pubPem), card.publicKeyHex);
    const value = await card.sign(data, NOW);
    const r = verify(pubPem, Buffer.concat([data, value.subarray(0, 10)]), signatureToDer(value.subarray(10)));
    assert.ok(r.ok, r.out);
  });
  test('our public key PEM is one openssl reads as SM2', () => {
    writeFileSync(file('p.pem'), publicKeyToPem(key.publicKeyHex));
    const text = execFileSync('openssl', ['pkey', '-pubin', '-in', file('p.pem'), '-text', '-noout'], { encoding: 'utf8' });
    assert.match(text, /ASN1 OID: SM2/);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
});
