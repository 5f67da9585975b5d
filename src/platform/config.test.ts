import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ConfigError, loadConfig } from './config.ts';

test('an empty environment gives laptop defaults', () => {
  const c = loadConfig({}, '/srv/rongmei');
  assert.equal(c.port, 3000);
  assert.equal(c.dataDir, path.resolve('/srv/rongmei/data'));
  assert.equal(c.engine, 'sqlite');
  assert.equal(c.databaseUrl, null);
  assert.equal(c.mqttUrl, null);
  assert.equal(c.demo, true);
  assert.equal(c.cookieSecure, false);
});

test('DATABASE_URL postgres:// selects PostgreSQL; MQTT_URL an external broker', () => {
  const c = loadConfig({ DATABASE_URL: 'postgresql://u:p@db:5432/rongmei', MQTT_URL: 'mqtt://broker:1883' });
  assert.equal(c.engine, 'postgres');
  assert.equal(c.mqttUrl, 'mqtt://broker:1883');
});

test('production: secure cookies, no demo data, and DEMO=true is refused', () => {
  const c = loadConfig({ NODE_ENV: 'production' });
  assert.equal(c.demo, false);
  assert.equal(c.cookieSecure, true);
  assert.throws(() => loadConfig({ NODE_ENV: 'production', DEMO: 'true' }), /production never loads demo data/);
});

test('every problem is listed at once, and a password in DATABASE_URL is not echoed', () => {
  try {
    loadConfig({ PORT: '70000', DATABASE_URL: 'mysql://root:hunter2@x/db', MQTT_URL: 'http://x', LOG_LEVEL: 'chatty', COOKIE_SECURE: 'maybe', NODE_ENV: 'staging' });
    assert.fail('should throw');
  } catch (err) {
    assert.ok(err instanceof ConfigError);
    assert.equal(err.problems.length, 6, err.message);
    for (const key of ['PORT', 'DATABASE_URL', 'MQTT_URL', 'LOG_LEVEL', 'COOKIE_SECURE', 'NODE_ENV']) assert.match(err.message, new RegExp(key));
    assert.doesNotMatch(err.message, /hunter2/);
  }
});

test('EB_TCP_WORKERS: 0 (the server holds IP terminals) by default, gateway processes when set, refused out of range', () => {
  assert.equal(loadConfig({}).ebTcpWorkers, 0);
  assert.equal(loadConfig({ EB_TCP_WORKERS: '2' }).ebTcpWorkers, 2);
  for (const bad of ['-1', '65', 'two', '1.5']) {
    assert.throws(() => loadConfig({ EB_TCP_WORKERS: bad }), (err: unknown) => err instanceof ConfigError && /EB_TCP_WORKERS/.test(err.message));
  }
});
