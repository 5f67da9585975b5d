/**
 * `rongmei eb cert add|list|revoke`, `rongmei eb key show|rotate` and
 * `rongmei eb terminal-password` as an engineer runs them: the CLI's `main` with its
 * output captured, on a temp SQLite file (the SQL is the API's, tested on both engines;
 * test/cli/cli.test.ts runs the command as real processes).
 */
import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { tempDir } from '../helpers/engines.ts';
import { generateKeyPair } from '../../src/platform/crypto/index.ts';

import { main } from '../../src/cli.ts';
import { brokerSecret, terminalPassword } from '../../src/platform/mqtt-auth.ts';

describe('rongmei eb (sqlite)', () => {
  const dataDir = tempDir();
  Object.assign(process.env, { DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'silent' }); // this file runs in its own process
  const run = async (...args: string[]) => {
    let out = '';
    const keep = { log: console.log, error: console.error };
    console.log = (...a: unknown[]) => { out += `${a.join(' ')}\n`; };
    console.error = console.log;
    try {
      return { code: await main(args), out };
    } finally {
      Object.assign(console, keep);
    }
  };
  after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  test('cert add, list, revoke; key rotate and show', async () => {
    assert.equal((await run('center', 'add', '--code', 'lc', '--name', '乐昌市融媒体中心', '--area', '440281000000')).code, 0);
    const peer = generateKeyPair();
    const add = (await run('eb', 'cert', 'add', '--serial', 'a1b2c3d4e5f6', '--key', peer.publicKeyHex, '--subject', '34402000000000101010101', '--to', '2030-01-01T00:00:00Z'));
    assert.equal(add.code, 0, add.out);
    assert.match(add.out, /Trusted certificate A1B2C3D4E5F6/);
    assert.match((await run('eb', 'cert', 'add', '--serial', 'A1B2C3D4E5F6', '--key', peer.publicKeyHex, '--subject', 'x')).out, /EB_CERT_TAKEN/);
    const bad = (await run('eb', 'cert', 'add', '--serial', '00000000000F', '--key', `04${'ab'.repeat(64)}`, '--subject', 'x'));
    assert.equal(bad.code, 1);
    assert.match(bad.out, /EB_CERT_INVALID.*publicKey/);
    assert.match((await run('eb', 'cert', 'list')).out, /A1B2C3D4E5F6 {2}valid/);
    assert.match((await run('eb', 'cert', 'revoke', 'a1b2c3d4e5f6')).out, /Revoked certificate A1B2C3D4E5F6/);
    assert.match((await run('eb', 'cert', 'list')).out, /A1B2C3D4E5F6 {2}revoked/);
    assert.match((await run('eb', 'cert', 'revoke', '000000000000')).out, /EB_CERT_NOT_FOUND/);
    assert.match((await run('eb', 'key', 'show')).out, /no signing key yet/);
    const rotated = (await run('eb', 'key', 'rotate'));
    assert.equal(rotated.code, 0, rotated.out);
    assert.match(rotated.out, /[0-9A-F]{12} {2}active/);
    assert.equal((await run('eb', 'nonsense')).code, 2);
    assert.equal((await run('audit', 'verify')).code, 0, 'the CLI changes are in an intact audit chain');
  });

  test('terminal-password gives the broker password a terminal logs in with', async () => {
    const ebrid = '64402811032010314010401';
    const r = await run('eb', 'terminal-password', ebrid);
    assert.equal(r.code, 0, r.out);
    assert.equal(r.out.trim(), `${ebrid}  ${terminalPassword(brokerSecret(dataDir), ebrid)}`);
    assert.equal((await run('eb', 'terminal-password', '123')).code, 2);
  });
});
