/**
 * The `rongmei` command as an operator runs it: a real process per command, on a
 * temp SQLite file and, when DATABASE_URL is set, on a new PostgreSQL database.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import Database from 'better-sqlite3';
import { tempDir, testEngines } from '../helpers/engines.ts';

const BIN = path.resolve('bin/rongmei.mjs');

function run(env: Record<string, string>, ...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { env: { ...process.env, LOG_LEVEL: 'silent', ...env }, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

async function pgAdmin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

for (const engine of testEngines()) {
  describe(`rongmei CLI (${engine})`, () => {
    const dataDir = tempDir();
    const env: Record<string, string> = { DATA_DIR: dataDir };
    let dbName = '';
    let sqlExec: (q: string) => Promise<void>;

    before(async () => {
      if (engine === 'postgres') {
        dbName = `rongmei_cli_${randomUUID().slice(0, 8)}`;
        await pgAdmin((c) => c.query(`CREATE DATABASE ${dbName} ENCODING 'UTF8' TEMPLATE template0`));
        const url = new URL(process.env.DATABASE_URL!);
        url.pathname = `/${dbName}`;
        env.DATABASE_URL = url.toString();
        sqlExec = async (q) => {
          const c = new pg.Client({ connectionString: env.DATABASE_URL });
          await c.connect();
          await c.query(q);
          await c.end();
        };
      } else {
        env.DATABASE_URL = '';
        sqlExec = async (q) => {
          const db = new Database(path.join(dataDir, 'rongmei.db'));
          db.exec(q);
          db.close();
        };
      }
    });
    after(async () => {
      if (dbName) await pgAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`));
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    test('help, migrate, center add, user add', () => {
      const help = run(env, '--help');
      assert.equal(help.code, 0);
      for (const c of ['migrate', 'user add', 'audit verify', 'backup', 'restore', 'demo']) assert.match(help.out, new RegExp(c));
      assert.match(run(env, 'migrate').out, /Applied: 0001_foundation/);
      assert.match(run(env, 'migrate').out, /up to date/);
      const noCenter = run(env, 'user', 'add', '--username', 'boss', '--password', 'abc12345', '--role', 'admin');
      assert.equal(noCenter.code, 1);
      assert.match(noCenter.out, /center add/);
      assert.equal(run(env, 'center', 'add', '--code', 'lc', '--name', '乐昌市融媒体中心').code, 0);
      const weak = run(env, 'user', 'add', '--username', 'boss', '--password', 'short', '--role', 'admin');
      assert.equal(weak.code, 1);
      assert.match(weak.out, /PASSWORD_TOO_WEAK/);
      assert.match(run(env, 'user', 'add', '--username', 'boss', '--password', 'abc12345', '--role', 'nope').out, /ROLE_NOT_FOUND/);
      const ok = run(env, 'user', 'add', '--username', 'boss', '--password', 'abc12345', '--role', 'admin');
      assert.equal(ok.code, 0, ok.out);
      assert.match(run(env, 'user', 'add', '--username', 'boss', '--password', 'abc12345', '--role', 'admin').out, /USERNAME_TAKEN/);
    });

    test('audit verify finds a tampered row; restore from backup brings back an intact log', async () => {
      assert.equal(run(env, 'audit', 'verify').code, 0);
      const backup = run(env, 'backup');
      assert.equal(backup.code, 0, backup.out);
      const file = /Backup written: (\S+)/.exec(backup.out)![1]!;
      assert.ok(fs.existsSync(file) && fs.existsSync(`${file}.json`));
      assert.match(run(env, 'backup', '--list').out, new RegExp(path.basename(file)));

      // A DBA with write access removes the guard and rewrites history.
      if (engine === 'postgres') await sqlExec('DROP TRIGGER audit_log_no_update ON audit_log');
      else await sqlExec('DROP TRIGGER audit_log_no_update');
      await sqlExec(`UPDATE audit_log SET actor_name = 'someone-else' WHERE seq = 2`);
      const broken = run(env, 'audit', 'verify');
      assert.equal(broken.code, 1);
      assert.match(broken.out, /TAMPERED/);
      assert.match(broken.out, /seq=2: content does not match its hash/);

      const restored = run(env, 'restore', file);
      assert.equal(restored.code, 0, restored.out);
      assert.equal(run(env, 'audit', 'verify').code, 0);
      const wrongFile = path.join(dataDir, 'not-a-backup.sqlite');
      fs.writeFileSync(wrongFile, 'hello');
      const bad = run(env, 'restore', wrongFile);
      assert.equal(bad.code, 1);
      assert.match(bad.out, /Error BACKUP_/);
    });

    test('demo loads and reloads; production refuses it', () => {
      const first = run(env, 'demo');
      assert.equal(first.code, 0, first.out);
      assert.match(first.out, /Loaded the Lechang demo center/);
      assert.match(run(env, 'demo').out, /Reset the Lechang demo center/);
      const prod = run({ ...env, NODE_ENV: 'production', DEMO: 'false' }, 'demo');
      assert.equal(prod.code, 1);
      assert.match(prod.out, /never loaded in production/);
    });
  });
}

describe('rongmei start', () => {
  test('wrong configuration stops start-up listing every problem', () => {
    const r = run({ PORT: 'abc', LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://x' }, 'start');
    assert.equal(r.code, 1);
    assert.match(r.out, /PORT must be a whole number/);
    assert.match(r.out, /LOG_LEVEL must be one of/);
    assert.match(r.out, /DATABASE_URL must start with postgres/);
  });

  test('serves the demo center, then stops gracefully on SIGTERM', async () => {
    const dataDir = tempDir();
    const child = spawn(process.execPath, [BIN, 'start'], {
      env: { ...process.env, DATABASE_URL: '', DATA_DIR: dataDir, PORT: '0', MQTT_PORT: '0', EB_TCP_PORT: '0', LOG_LEVEL: 'warn', NODE_ENV: 'development' },
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no start-up line: ${out}`)), 30_000);
      child.stdout.on('data', () => {
        const m = /running at (http:\/\/\S+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
    });
    assert.match(out, /admin \/ Lechang@2026/);
    const health = await (await fetch(`${url}/healthz`)).json();
    assert.equal(health.status, 'ok');
    assert.equal(health.mqtt, 'ok');
    const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'Lechang@2026' }) });
    assert.equal(login.status, 200);
    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    assert.equal(await exit, 0, out);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
});
