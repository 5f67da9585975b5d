/**
 * Killing the server mid-dispatch: the real `rongmei start` process is killed (SIGKILL,
 * through a test failpoint) right after the delivery rows were made, and again after
 * the start went to only the first area topic. A second server on the same database
 * completes the broadcast: every terminal of the two target towns plays it, each exactly
 * once, and none elsewhere. The broker is outside the server (as Mosquitto is in
 * production), so the terminals stay connected while the server is down.
 */
import { until as waitUntil } from '../helpers/wait.ts';
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { Aedes } from 'aedes';
import { tempDir, testEngines } from '../helpers/engines.ts';
import { CertificateTrustList } from '../../src/platform/crypto/index.ts';
import { generateKeyPair } from '../../src/platform/crypto/index.ts';
import { SimIpTerminal, SimTerminal } from '../../src/modules/emergency/dispatch/index.ts';

async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

const BIN = path.resolve('bin/rongmei.mjs');
const PASSWORD = 'Lechang@2026';
const CENTER = 'lechang';
// 廊田镇's terminals are 4G (MQTT), 九峰镇's are IP (GD/J 089 over TCP): both drivers are killed and restarted.
const TOWNS = ['440281104000', '440281103000'];
const OTHER_TOWN = '440281105000';

interface Server { url: string; child: ChildProcess; exited: Promise<number | null> }

const until = (what: string, fn: () => Promise<boolean> | boolean, ms = 30_000) => waitUntil(what, fn, ms, 50);

function startServer(env: Record<string, string>): Promise<Server> {
  const child = spawn(process.execPath, [BIN, 'start'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ? 137 : code)));
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /running at (http:\/\/[\d.:]+)/.exec(out);
      if (m) resolve({ url: m[1]!, child, exited });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d: Buffer) => { out += d.toString(); });
    void exited.then((code) => reject(new Error(`server exited (${code}) before it ran:\n${out}`)));
    setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 60_000).unref();
  });
}

async function api<T>(s: Server, method: string, url: string, token?: string, body?: unknown): Promise<T> {
  const res = await fetch(`${s.url}${url}`, {
    method, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  assert.ok(res.status < 300, `${method} ${url}: ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

const login = async (s: Server, username: string) =>
  (await api<{ token: string }>(s, 'POST', '/api/auth/login', undefined, { username, password: PASSWORD })).token;

for (const engine of testEngines()) {
  describe(`killing the server mid-dispatch (${engine})`, () => {
    let broker: Aedes;
    let brokerServer: net.Server;
    let mqttUrl = '';
    const dbNames: string[] = [];
    const base: Record<string, string> = {};

    /** Each test its own database (its keys live in its own DATA_DIR). */
    async function databaseEnv(): Promise<Record<string, string>> {
      if (engine !== 'postgres') return { DATABASE_URL: '' };
      const name = `rongmei_crash_${randomUUID().slice(0, 8)}`;
      const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await c.connect();
      await c.query(`CREATE DATABASE ${name} ENCODING 'UTF8' TEMPLATE template0`);
      await c.end();
      dbNames.push(name);
      const url = new URL(process.env.DATABASE_URL!);
      url.pathname = `/${name}`;
      return { DATABASE_URL: url.toString() };
    }

    before(async () => {
      broker = await Aedes.createBroker();
      brokerServer = net.createServer(broker.handle);
      await new Promise<void>((r) => brokerServer.listen(0, '127.0.0.1', () => r()));
      mqttUrl = `mqtt://127.0.0.1:${(brokerServer.address() as net.AddressInfo).port}`;
      Object.assign(base, {
        NODE_ENV: 'test', LOG_LEVEL: 'error', PORT: '0', EB_TCP_PORT: '0', HOST: '127.0.0.1', MQTT_URL: mqttUrl, DEMO: 'true',
        JOB_POLL_MS: '50', JOB_LEASE_SECONDS: '2', WEB_DIR: '/nonexistent', BACKUP_CRON: '',
      });
    });

    after(async () => {
      await new Promise<void>((r) => broker.close(() => brokerServer.close(() => r())));
      for (const name of dbNames) {
        const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
      }
    });

    for (const point of ['eb.dispatch.after-send', 'eb.dispatch.mid-send']) {
      test(`killed at ${point}: the restarted server completes the broadcast, no terminal left out, none playing twice`, async () => {
        // The same terminal port for both servers: IP terminals reconnect to where they were.
        const tcpPort = await freePort();
        const env = { ...base, ...(await databaseEnv()), DATA_DIR: tempDir(), EB_TCP_PORT: String(tcpPort) };
        const first = await startServer({ ...env, RONGMEI_FAILPOINTS: point });
        const sims: (SimTerminal | SimIpTerminal)[] = [];
        let second: Server | null = null;
        try {
          const engineer = await login(first, 'engineer');
          const keys = await api<{ items: { certSerial: string; publicKey: string }[] }>(first, 'GET', '/api/eb/keys', engineer);
          const trust = new CertificateTrustList();
          for (const k of keys.items) trust.add(k.certSerial, { publicKeyHex: k.publicKey, subject: 'platform', validFrom: new Date(Date.now() - 86400_000), validTo: new Date('2099-12-31T00:00:00Z') });
          type R = { ebrid: string; areaCode: string; protocol: string | null };
          const inTown: { items: R[] } = { items: [] };
          for (const town of TOWNS) {
            const page = await api<{ items: R[]; total: number }>(first, 'GET', `/api/eb/resources?area=${town}&kind=terminal&pageSize=200`, engineer);
            assert.equal(page.items.length, page.total);
            inTown.items.push(...page.items);
          }
          const elsewhere = (await api<{ items: R[] }>(first, 'GET', `/api/eb/resources?area=${OTHER_TOWN}&kind=terminal&pageSize=5`, engineer)).items;
          // IP terminals sign their hello with a certificate the registry knows: enrol one batch key.
          const batch = generateKeyPair();
          const ipTerminals = [...inTown.items, ...elsewhere].filter((r) => r.protocol === 'ip');
          assert.ok(ipTerminals.length > 0 && ipTerminals.length < inTown.items.length, 'both protocols take part');
          await api(first, 'POST', '/api/eb/resources/certificates', engineer, { items: ipTerminals.map((r) => ({ ebrid: r.ebrid, certSerial: 'C0FFEE000001', publicKey: batch.publicKeyHex })) });
          for (const r of [...inTown.items, ...elsewhere]) {
            sims.push(r.protocol === 'ip'
              ? new SimIpTerminal({ host: '127.0.0.1', port: tcpPort, ebrid: r.ebrid, areaCode: r.areaCode, trust, privateKeyHex: batch.privateKeyHex, certSerial: 'C0FFEE000001', reconnectMs: 200 })
              : new SimTerminal({ url: mqttUrl, centerCode: CENTER, ebrid: r.ebrid, areaCode: r.areaCode, trust }));
          }
          await Promise.all(sims.map((s) => s.start()));
          const targets = sims.slice(0, inTown.items.length);
          const controls = sims.slice(inTown.items.length);
          // Every terminal said hello, so none waits for a hello to get the broadcast.
          for (const town of TOWNS) {
            await until(`all terminals of ${town} online`, async () => (await api<{ items: { status: string }[] }>(first, 'GET', `/api/eb/resources?area=${town}&kind=terminal&pageSize=200`, engineer)).items.every((r) => r.status === 'online'));
          }

          const op = await login(first, 'eb_operator');
          const now = Date.now();
          const b = await api<{ id: string }>(first, 'POST', '/api/eb/broadcasts', op, {
            msgType: 1, eventType: '10101', severity: 2, title: '九峰镇、廊田镇山洪灾害预警', text: '请沿河群众立即转移到安全地带。',
            areaCodes: TOWNS, startAt: new Date(now).toISOString(), endAt: new Date(now + 3600_000).toISOString(),
          });
          await api(first, 'POST', `/api/eb/broadcasts/${b.id}/submit`, op);
          const approver = await login(first, 'eb_approver');
          const approved = await api<{ ebmid: string }>(first, 'POST', `/api/eb/broadcasts/${b.id}/decision`, approver, { approve: true });
          assert.equal(await first.exited, 137, 'the first server was killed at the failpoint');
          const before = targets.filter((s) => s.plays.includes(approved.ebmid)).length;
          // after-send: the start went out (terminals may play it already), no delivery was written.
          if (point === 'eb.dispatch.mid-send') assert.ok(before > 0, `killed after the first area was sent: ${before} of ${targets.length} play`);

          second = await startServer(env);
          await until('every terminal of both towns plays', () => targets.every((s) => s.current?.ebmid === approved.ebmid));
          const engineer2 = await login(second, 'engineer');
          await until('every delivery recorded as playing', async () => {
            const c = await api<{ total: number; byState: Record<string, number> }>(second!, 'GET', `/api/eb/broadcasts/${b.id}/coverage`, engineer2);
            return c.total === targets.length && c.byState.playing === targets.length;
          });
          await Promise.all(sims.map((s) => s.settled()));
          for (const s of targets) assert.equal(s.plays.filter((e) => e === approved.ebmid).length, 1, `${s.opts.ebrid} played it exactly once`);
          for (const s of controls) assert.equal(s.plays.length, 0, `${s.opts.ebrid} (another town) played nothing`);
        } finally {
          await Promise.all(sims.map((s) => s.stop()));
          first.child.kill('SIGKILL');
          second?.child.kill('SIGTERM');
          if (second) await second.exited;
        }
      });
    }
  });
}
