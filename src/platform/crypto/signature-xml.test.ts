import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPair } from './sm2.ts';
import { SoftwareSigner } from './signer.ts';
import { CertificateTrustList } from './trust.ts';
import { beijingTime, parseSignatureXml, signatureXml, signEbdFile, verifyEbdSignatureFile } from './signature-xml.ts';

const EBDID = '10444028100000001010101010000000000000042';
const SERIAL = 'ABCDEF012345';
const NOW = new Date('2026-03-01T16:30:05Z'); // 2026-03-02 00:30:05 in Beijing
const key = generateKeyPair();
const signer = new SoftwareSigner({ privateKeyHex: key.privateKeyHex, certSerial: SERIAL });
const trust = new CertificateTrustList({ precomputeWindow: 4 });
trust.add(SERIAL, { publicKeyHex: key.publicKeyHex, subject: 'city platform', validFrom: new Date('2025-01-01'), validTo: new Date('2028-01-01') });
const business = Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><EBD><EBDID>${EBDID}</EBDID></EBD>`);

describe('EBDS_EBDB_<EBDID>.xml', () => {
  test('written with the agreed elements, SignatureTime in Beijing time', async () => {
    const xml = await signEbdFile(signer, EBDID, business, NOW);
    for (const s of [`<EBDID>${EBDID}</EBDID>`, '<CertType>01</CertType>', `<CertSN>${SERIAL}</CertSN>`, '<SignatureTime>2026-03-02 00:30:05</SignatureTime>', '<DigestAlgorithm>SM3</DigestAlgorithm>', '<SignatureAlgorithm>SM2</SignatureAlgorithm>']) {
      assert.ok(xml.includes(s), s);
    }
    assert.equal(beijingTime(new Date('2026-12-31T16:00:00Z')), '2027-01-01 00:00:00');
  });
  test('parse gives back what was written; the business file verifies', async () => {
    const value = await signer.sign(business, NOW);
    const xml = signatureXml({ ebdid: EBDID, certSerialHex: SERIAL.toLowerCase(), sigValueBase64: value.toString('base64') });
    const parsed = parseSignatureXml(xml);
    assert.ok(parsed.ok);
    assert.equal(parsed.value.ebdid, EBDID);
    assert.equal(parsed.value.certSerialHex, SERIAL);
    assert.deepEqual(parsed.value.sigValue, value);
    assert.equal(parsed.value.certType, '01');
    assert.deepEqual(verifyEbdSignatureFile(EBDID, business, xml, trust, { now: NOW }), { ok: true, certSerial: SERIAL, sigTime: NOW });
  });
  test('a changed business file, a foreign EBDID or a broken signature file fail', async () => {
    const xml = await signEbdFile(signer, EBDID, business, NOW);
    const verify = (b: Buffer, x: string, id = EBDID) => {
      const r = verifyEbdSignatureFile(id, b, x, trust, { now: NOW });
      return r.ok ? 'ok' : r.reason;
    };
    assert.equal(verify(Buffer.concat([business, Buffer.from('\n')]), xml), 'BAD_SIGNATURE');
    assert.equal(verify(business, xml, EBDID.replace(/2$/, '3')), 'MALFORMED');
    assert.equal(verify(business, xml.replace(/<SignatureValue>./, '<SignatureValue>')), 'MALFORMED');
    assert.equal(verify(business, 'not xml at all <'), 'MALFORMED');
  });
  test('read leniently: prefixes, whitespace, lowercase hex, wrapped Base64, SM2-SM3', async () => {
    const b64 = (await signer.sign(business, NOW)).toString('base64');
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<ns:Signature xmlns:ns="urn:x">
  <ns:RelatedEBD> <ns:EBDID> ${EBDID} </ns:EBDID> </ns:RelatedEBD>
  <ns:SignatureCert><ns:CertSN>${SERIAL.toLowerCase()}</ns:CertSN></ns:SignatureCert>
  <ns:SignatureAlgorithm>SM2-SM3</ns:SignatureAlgorithm>
  <ns:SignatureValue>
    ${b64.slice(0, 40)}
    ${b64.slice(40)}
  </ns:SignatureValue>
</ns:Signature>`;
    const parsed = parseSignatureXml(xml);
    assert.ok(parsed.ok, parsed.ok ? '' : parsed.error);
    assert.equal(parsed.value.certSerialHex, SERIAL);
    assert.ok(verifyEbdSignatureFile(EBDID, business, xml, trust, { now: NOW }).ok);
  });
  test('refused: missing or bad fields, serial mismatch, other algorithms, repeated elements', async () => {
    const xml = await signEbdFile(signer, EBDID, business, NOW);
    const cases: Array<[string, RegExp]> = [
      [xml.replace(/<EBDID>\d+/, '<EBDID>123'), /EBDID/],
      [xml.replace('<RelatedEBD>', '<Related>').replace('</RelatedEBD>', '</Related>'), /EBDID/],
      [xml.replace(SERIAL, 'ABCDEF012346'), /differs/],
      [xml.replace(SERIAL, 'XYZ'), /CertSN/],
      [xml.replace('>SM3<', '>SHA256<'), /DigestAlgorithm/],
      [xml.replace('>SM2<', '>RSA<'), /SignatureAlgorithm/],
      [xml.replace(/<SignatureValue>[^<]+/, '<SignatureValue>AAAA'), /74 bytes/],
      [xml.replace(/<SignatureValue>[^<]+/, '<SignatureValue>@@@@'), /74 bytes/],
      [xml.replace('</Signature>', `<SignatureValue>AAAA</SignatureValue></Signature>`), /74 bytes/],
      [xml.replace('<Signature>', '<Sig>').replace('</Signature>', '</Sig>'), /root/],
      ['<Signature><RelatedEBD>', /well-formed/],
      ['x'.repeat(70_000), /too large/],
    ];
    for (const [input, error] of cases) {
      const r = parseSignatureXml(input);
      assert.ok(!r.ok, `accepted: ${input.slice(0, 80)}`);
      assert.match(r.error, error);
    }
    assert.equal(parseSignatureXml(undefined as unknown as string).ok, false);
  });
  test('entities are not expanded (no billion laughs)', () => {
    const lol = `<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><Signature><RelatedEBD><EBDID>&c;</EBDID></RelatedEBD></Signature>`;
    const started = Date.now();
    const r = parseSignatureXml(lol);
    assert.equal(r.ok, false);
    assert.ok(Date.now() - started < 1000);
  });
  test('the writer is strict', () => {
    const good = { ebdid: EBDID, certSerialHex: SERIAL, sigValueBase64: Buffer.alloc(74).toString('base64') };
    assert.throws(() => signatureXml({ ...good, ebdid: '123' }), TypeError);
    assert.throws(() => signatureXml({ ...good, certSerialHex: 'nope' }), TypeError);
    assert.throws(() => signatureXml({ ...good, sigValueBase64: Buffer.alloc(73).toString('base64') }), TypeError);
    assert.throws(() => signatureXml(good), /differs/); // the zero value carries serial 000000000000
  });
});
