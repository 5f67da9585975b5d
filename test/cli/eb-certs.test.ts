/**
 * `rongmei eb cert add|list|revoke` and `rongmei eb key show|rotate` as an engineer runs
 * them: real processes on a temp SQLite file (the SQL is the API's, tested on both engines).
 */
import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from '../helpers/engines.ts';
import { generateKeyPair } from '../../src/platform/crypto/index.ts';

const BIN = path.resolve('bin/rongmei.mjs');

describe('rongmei eb (sqlite)', () => {
  const dataDir = tempDir();
  const env = { DATA_DIR: dataDir, DATABASE_URL: '' };
  const run = (...args: string[]) => {
    const r = spawnSync(process.execPath, [BIN, ...args], { env: { ...process.env, LOG_LEVEL: 'silent', ...env }, encoding: 'utf8', timeout: 60_000 });
    return { code: r.status, out: `${r.stdout}${r.stderr}` };
  };
  after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  test('cert add, list, revoke; key rotate and show', () => {
    assert.equal(run('center', 'add', '--code', 'lc', '--name', '乐昌市融媒体中心', '--area', '440281000000').code, 0);
    const peer = generateKeyPair();
    const add = run('eb', 'cert', 'add', '--serial', 'a1b2c3d4e5f6', '--key', peer.publicKeyHex, '--subject', '34402000000000101010101', '--to', '2030-01-01T00:00:00Z');
    assert.equal(add.code, 0, add.out);
    assert.match(add.out, /Trusted certificate A1B2C3D4E5F6/);
    assert.match(run('eb', 'cert', 'add', '--serial', 'A1B2C3D4E5F6', '--key', peer.publicKeyHex, '--subject', 'x').out, /EB_CERT_TAKEN/);
    const bad = run('eb', 'cert', 'add', '--serial', '00000000000F', '--key', `04${'ab'.repeat(64)}`, '--subject', 'x');
    assert.equal(bad.code, 1);
    assert.match(bad.out, /EB_CERT_INVALID.*publicKey/);
    assert.match(run('eb', 'cert', 'list').out, /A1B2C3D4E5F6 {2}valid/);
    assert.match(run('eb', 'cert', 'revoke', 'a1b2c3d4e5f6').out, /Revoked certificate A1B2C3D4E5F6/);
    assert.match(run('eb', 'cert', 'list').out, /A1B2C3D4E5F6 {2}revoked/);
    assert.match(run('eb', 'cert', 'revoke', '000000000000').out, /EB_CERT_NOT_FOUND/);
    assert.match(run('eb', 'key', 'show').out, /no signing key yet/);
    const rotated = run('eb', 'key', 'rotate');
    assert.equal(rotated.code, 0, rotated.out);
    assert.match(rotated.out, /[0-9A-F]{12} {2}active/);
    assert.equal(run('eb', 'nonsense').code, 2);
    assert.equal(run('audit', 'verify').code, 0, 'the CLI changes are in an intact audit chain');
  });
});
