import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CertificateTrustList, generateKeyPair, SoftwareSigner } from '../../../platform/crypto/index.ts';
import { areaChain, decodeCommand, encodeCommand, minimalAreas, parseAck, type StartCommand } from './wire.ts';

const pair = generateKeyPair();
const signer = new SoftwareSigner({ privateKeyHex: pair.privateKeyHex, certSerial: 'A1B2C3D4E5F6' });
const trust = new CertificateTrustList();
trust.add('A1B2C3D4E5F6', { publicKeyHex: pair.publicKeyHex, subject: 'platform', validFrom: new Date('2020-01-01'), validTo: new Date('2099-01-01') });
const ebmid = '44402810000000101010101202611290001';
const cmd: StartCommand = {
  v: 1, type: 'start', ebmid, msgType: 1, severity: 2, eventType: '11B01', areas: ['440281102000'], start: new Date().toISOString(),
  end: new Date(Date.now() + 3600_000).toISOString(), audio: null, text: '洪水橙色预警', seq: 7,
};

test('a signed command verifies and parses back; tampered, foreign, stale and unsigned ones do not', async () => {
  const wire = await encodeCommand(cmd, signer);
  const ok = decodeCommand(wire, trust);
  assert.ok(ok.ok);
  if (ok.ok) assert.deepEqual(ok.cmd, cmd);

  const env = JSON.parse(wire.toString('utf8')) as { cmd: string; sig: string };
  const bytes = Buffer.from(env.cmd, 'base64');
  const i = bytes.indexOf(Buffer.from('"severity":2'));
  bytes[i + 11]! ^= 1; // 2 → 3
  const flipped = decodeCommand(Buffer.from(JSON.stringify({ cmd: bytes.toString('base64'), sig: env.sig })), trust);
  assert.deepEqual(flipped, { ok: false, reason: 'BAD_SIGNATURE', ebmid });

  const other = generateKeyPair();
  const foreign = await encodeCommand(cmd, new SoftwareSigner({ privateKeyHex: other.privateKeyHex, certSerial: '0000000000AA' }));
  assert.equal(decodeCommand(foreign, trust).ok === false && (decodeCommand(foreign, trust) as { reason: string }).reason, 'UNKNOWN_CERTIFICATE');
  const stale = await encodeCommand(cmd, signer, new Date(Date.now() - 301_000));
  assert.deepEqual(decodeCommand(stale, trust), { ok: false, reason: 'STALE', ebmid });
  assert.deepEqual(decodeCommand(Buffer.from(JSON.stringify({ cmd: env.cmd })), trust), { ok: false, reason: 'UNSIGNED', ebmid });
  assert.deepEqual(decodeCommand(Buffer.from('nonsense'), trust), { ok: false, reason: 'MALFORMED', ebmid: null });
});

test('area chains and the minimal cover of a broadcast\'s areas', () => {
  assert.deepEqual(areaChain('440281102201'), ['440000000000', '440200000000', '440281000000', '440281102000', '440281102201']);
  assert.deepEqual(minimalAreas(['440281102000', '440281102201', '440281103000', '440281103000']), ['440281102000', '440281103000']);
  assert.equal(parseAck(Buffer.from('{"state":"dancing"}')), null);
  assert.deepEqual(parseAck(Buffer.from(`{"ebmid":"${ebmid}","state":"playing","at":"2026-11-29T01:00:00Z"}`)), { ebmid, state: 'playing', at: '2026-11-29T01:00:00.000Z' });
});
