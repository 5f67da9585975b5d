import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { sm2 as smv2 } from 'sm-crypto-v2';
import { sm3, sm3Hex, sm3Stream } from './sm3.ts';
import {
  generateKeyPair,
  isValidPrivateKey,
  isValidPublicKey,
  messageDigest,
  preparePublicKey,
  publicKeyFromPrivateKey,
  signMessage,
  userIdDigest,
  verifyMessage,
} from './sm2.ts';
import { privateKeyFromPem, privateKeyToPem, publicKeyFromPem, publicKeyToPem, signatureFromDer, signatureToDer } from './asn1.ts';

/** GB/T 32918.5-2017 Appendix A.2: signature example on the recommended curve, user id 1234567812345678. */
const KAT = {
  d: '3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8',
  pub: '0409f9df311e5421a150dd7d161e4bc5c672179fad1833fc076bb08ff356f35020ccea490ce26775a52dc6ea718cc1aa600aed05fbf35e084a6632f6072da9ad13',
  z: 'b2e14c5c79c6df5b85f4fe7ed8db7a262b9da7e07ccb0ea9f4747b8ccda8a4f3',
  e: 'f0b43e94ba45accaace692ed534382eb17e6ab5a19ce7b31f4486fdfc0d28640',
  k: '59276e27d506861a16680f3ad9c02dccef3cc1fa3cdbe4ce6d54b80deac1bc21',
  rs: 'f5a03b0648d2c4630eeac513e1bb81a15944da3827d5b74143ac7eaceee720b3b1b6aa29df212fd8763182bc0d421ca1bb9038fd1f7f42d4840b69c485bbc1aa',
  message: Buffer.from('message digest'),
};

describe('SM3 (GB/T 32905 examples)', () => {
  test('abc and the 512-bit example', () => {
    assert.equal(sm3Hex('abc'), '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
    assert.equal(sm3('abcd'.repeat(16)).toString('hex'), 'debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732');
    assert.equal(sm3Stream().update('ab').update(Buffer.from('c')).digest('hex'), sm3Hex('abc'));
  });
  test('strings are hashed as UTF-8', () => {
    assert.equal(sm3Hex('应急广播'), sm3Hex(Buffer.from('应急广播', 'utf8')));
  });
});

describe('SM2 against the standard example (GB/T 32918.5 A.2)', () => {
  test('public key, Z and e', () => {
    assert.equal(publicKeyFromPrivateKey(KAT.d), KAT.pub);
    assert.equal(userIdDigest(KAT.pub).toString('hex'), KAT.z);
    assert.equal(messageDigest(Buffer.from(KAT.z, 'hex'), KAT.message).toString('hex'), KAT.e);
  });
  test('the printed signature verifies, and not under another user id or message', () => {
    const rs = Buffer.from(KAT.rs, 'hex');
    assert.equal(verifyMessage(KAT.message, rs, preparePublicKey(KAT.pub)), true);
    assert.equal(verifyMessage(KAT.message, rs, preparePublicKey(KAT.pub, { userId: 'ALICE123@YAHOO.COM', window: 1 })), false);
    assert.equal(verifyMessage(Buffer.from('message digest.'), rs, preparePublicKey(KAT.pub, { window: 1 })), false);
  });
  test('with the standard k, our e signed by sm-crypto-v2 gives the printed r ‖ s', () => {
    const kx = smv2.getPublicKeyFromPrivateKey(KAT.k).slice(2, 66);
    const sig = smv2.doSignature(Buffer.from(KAT.e, 'hex'), KAT.d, { pointPool: [{ k: BigInt(`0x${KAT.k}`), x1: BigInt(`0x${kx}`) }] });
    assert.equal(sig, KAT.rs);
  });
});

describe('SM2 keys', () => {
  test('generated pairs are valid and match', () => {
    const { privateKeyHex, publicKeyHex } = generateKeyPair();
    assert.match(privateKeyHex, /^[0-9a-f]{64}$/);
    assert.match(publicKeyHex, /^04[0-9a-f]{128}$/);
    assert.ok(isValidPrivateKey(privateKeyHex) && isValidPublicKey(publicKeyHex));
    assert.equal(publicKeyFromPrivateKey(privateKeyHex), publicKeyHex);
  });
  test('invalid keys are refused', () => {
    assert.equal(isValidPrivateKey('0'.repeat(64)), false);
    assert.equal(isValidPrivateKey('fffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54122'), false); // n-1
    assert.equal(isValidPrivateKey('fffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54121'), true); // n-2
    assert.equal(isValidPublicKey(`04${'11'.repeat(64)}`), false); // not on the curve
    assert.equal(isValidPublicKey(KAT.pub.slice(0, 66)), false); // compressed form is not accepted
    assert.throws(() => preparePublicKey(`04${'11'.repeat(64)}`), TypeError);
  });
  test('Z agrees with sm-crypto-v2 for a random key and a custom id', () => {
    const { publicKeyHex } = generateKeyPair();
    assert.deepEqual(userIdDigest(publicKeyHex), Buffer.from(smv2.getZ(publicKeyHex)));
    assert.deepEqual(userIdDigest(publicKeyHex, '县应急广播'), Buffer.from(smv2.getZ(publicKeyHex, '县应急广播')));
  });
  test('plain message signatures round-trip; precomputation does not change the result', () => {
    const kp = generateKeyPair();
    const rs = signMessage(Buffer.from('x'), kp.privateKeyHex);
    for (const window of [1, 4, 8]) assert.equal(verifyMessage(Buffer.from('x'), rs, preparePublicKey(kp.publicKeyHex, { window })), true);
  });
});

describe('PEM and DER', () => {
  test('public and private keys round-trip through PEM', () => {
    const kp = generateKeyPair();
    const pub = publicKeyToPem(kp.publicKeyHex);
    assert.match(pub, /^-----BEGIN PUBLIC KEY-----\n/);
    assert.equal(publicKeyFromPem(pub), kp.publicKeyHex);
    assert.equal(privateKeyFromPem(privateKeyToPem(kp.privateKeyHex)), kp.privateKeyHex);
  });
  test('non-SM2 and damaged PEMs are refused', async () => {
    const { generateKeyPairSync } = await import('node:crypto');
    const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    assert.throws(() => publicKeyFromPem(p256.publicKey.export({ type: 'spki', format: 'pem' }).toString()), TypeError);
    assert.throws(() => privateKeyFromPem(p256.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()), TypeError);
    assert.throws(() => publicKeyFromPem('-----BEGIN PUBLIC KEY-----\nMFkw\n-----END PUBLIC KEY-----\n'), TypeError);
    assert.throws(() => publicKeyFromPem('hello'), TypeError);
  });
  test('r ‖ s ↔ DER, with sign bytes where the top bit is set', () => {
    const der = signatureToDer(Buffer.from(KAT.rs, 'hex'));
    assert.equal(der.toString('hex'), `3046022100${KAT.rs.slice(0, 64)}022100${KAT.rs.slice(64)}`);
    assert.equal(signatureFromDer(der)?.toString('hex'), KAT.rs);
    const small = Buffer.alloc(64);
    small[31] = 1;
    small[63] = 0x7f;
    assert.equal(signatureToDer(small).toString('hex'), '300602010102017f');
    assert.deepEqual(signatureFromDer(signatureToDer(small)), small);
  });
  test('malformed DER signatures are refused, not read loosely', () => {
    for (const hex of ['', '3000', '3009020101020102020103', `3026022101${'00'.repeat(32)}020101`, '300802020001020101', '3006020180020101', '3106020101020101']) {
      assert.equal(signatureFromDer(Buffer.from(hex, 'hex')), undefined, hex);
    }
  });
});
