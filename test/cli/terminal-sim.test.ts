/**
 * `rongmei terminal-sim` against a real `rongmei start`: the demo center's terminals of
 * two towns (北乡镇 on MQTT, 九峰镇 on GD/J 089 TCP) run as simulated terminals in their
 * own processes; an approved broadcast for both towns plays on every one of them, the
 * platform records each delivery, and the simulator reports the count. The server holds
 * its IP terminals in two gateway processes (EB_TCP_WORKERS=2, what a county past
 * ~15,000 IP terminals runs), which exit when the server is killed; the in-process
 * listener is what every other test uses.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { tempDir } from '../helpers/engines.ts';
import { alive, childPids } from '../helpers/processes.ts';
import { until } from '../helpers/wait.ts';

const BIN = path.resolve('bin/rongmei.mjs');
const TOWNS = ['440281102000', '440281103000'];
const kids: ChildProcess[] = [];
after(() => kids.forEach((k) => k.kill('SIGKILL')));

function launch(args: string[], env: Record<string, string>, ready: RegExp): Promise<{ child: ChildProcess; out: () => string; match: RegExpExecArray }> {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  kids.push(child);
  let out = '';
  return new Promise((resolve, reject) => {
    const check = () => { const m = ready.exec(out); if (m) resolve({ child, out: () => out, match: m }); };
    child.stdout!.on('data', (d: Buffer) => { out += d.toString(); check(); });
    child.stderr!.on('data', (d: Buffer) => { out += d.toString(); });
    child.once('exit', (code) => reject(new Error(`rongmei ${args[0]} exited ${code}:\n${out}`)));
    setTimeout(() => reject(new Error(`rongmei ${args[0]} not ready:\n${out}`)), 120_000).unref();
  });
}

async function call<T>(base: string, method: string, url: string, token?: string, body?: unknown): Promise<T> {
  const res = await fetch(`${base}${url}`, { method, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
  const text = await res.text();
  assert.ok(res.status < 300, `${method} ${url}: ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

test('terminal-sim runs the registered terminals of two towns on both protocols; a broadcast plays on all of them', { timeout: 240_000 }, async () => {
  const env = { NODE_ENV: 'development', DATA_DIR: tempDir(), DATABASE_URL: '', PORT: '0', MQTT_PORT: '0', EB_TCP_PORT: '0', LOG_LEVEL: 'warn', BACKUP_CRON: '' };
  const server = await launch(['start'], { ...env, EB_TCP_WORKERS: '2' }, /running at (http:\/\/\S+)[\s\S]*MQTT (mqtt:\/\/\S+), GD\/J 089 TCP ([\d.]+:\d+)/);
  const [, base, mqttUrl, tcp] = server.match;
  const sim = await launch(['terminal-sim', '--server', base!, '--area', TOWNS.join(','), '--mqtt', mqttUrl!.replace(/,$/, ''), '--tcp', tcp!, '--for', '60'], env, /ip: (\d+) terminals connected/);
  assert.match(sim.out(), /mqtt: \d+ terminals connected, 0 left offline, 0 failed/);
  const login = async (u: string) => (await call<{ token: string }>(base!, 'POST', '/api/auth/login', undefined, { username: u, password: 'Lechang@2026' })).token;
  const engineer = await login('engineer');
  let total = 0;
  for (const town of TOWNS) total += (await call<{ total: number }>(base!, 'GET', `/api/eb/resources?area=${town}&kind=terminal&pageSize=1`, engineer)).total;
  const op = await login('eb_operator');
  const b = await call<{ id: string }>(base!, 'POST', '/api/eb/broadcasts', op, {
    msgType: 3, eventType: '10101', severity: 3, title: '防汛演练', text: '这是一次防汛应急广播演练。', areaCodes: TOWNS,
    startAt: new Date().toISOString(), endAt: new Date(Date.now() + 3600_000).toISOString(),
  });
  await call(base!, 'POST', `/api/eb/broadcasts/${b.id}/submit`, op); // no audio chosen: speech is made from the text
  const approved = await call<{ ebmid: string; audio: { url: string } | null }>(base!, 'POST', `/api/eb/broadcasts/${b.id}/decision`, await login('eb_approver'), { approve: true });
  assert.ok(approved.audio?.url.endsWith('.mp3'), 'the drill got speech (IP terminals play only audio)');
  const deadline = Date.now() + 60_000;
  let coverage = { total: 0, byState: { playing: 0 } as Record<string, number> };
  while (Date.now() < deadline) {
    coverage = await call(base!, 'GET', `/api/eb/broadcasts/${b.id}/coverage`, engineer);
    if (coverage.byState.playing === total) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  assert.equal(coverage.total, total);
  assert.equal(coverage.byState.playing, total, JSON.stringify(coverage.byState));
  const counted15s = Date.now() + 15_000;
  while (!new RegExp(`${approved.ebmid}\\s+playing (\\d+)`).test(sim.out()) && Date.now() < counted15s) await new Promise((r) => setTimeout(r, 250));
  const counted = [...sim.out().matchAll(new RegExp(`${approved.ebmid}\\s+playing (\\d+)`, 'g'))].map((m) => Number(m[1]));
  assert.equal(Math.max(...counted), total, 'the simulator counts every terminal playing');
  sim.child.kill('SIGINT');
  const gateways = childPids(server.child.pid!, 'gateway-worker');
  assert.equal(gateways.length, 2, 'two gateway processes hold the IP terminals');
  // Killed outright (no shutdown code runs): the gateways notice the lost IPC channel and exit too.
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.kill('SIGKILL');
  await exited;
  await until('the gateways exit with the killed server', () => gateways.every((pid) => !alive(pid)));
});
