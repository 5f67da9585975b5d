/**
 * The whole emergency broadcast flow in a real browser against a real server with the
 * demo center and its embedded MQTT broker, with simulated 4G loudspeaker terminals:
 * the duty operator authors a level-II flood warning (10101, orange) for 北乡镇, 九峰镇
 * and 廊田镇 and submits it; the approver approves; the simulated terminals of exactly
 * those towns play it (a few terminals of 长来镇 are controls and hear nothing); the
 * detail page's coverage panel lists what was NOT reached first, then the totals and
 * the areas; the operator cancels in one action and every target terminal stops.
 * Screenshots: .tmp/emergency-flow-*.png.
 */
import { until as waitUntil } from '../helpers/wait.ts';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CertificateTrustList } from '../../src/platform/crypto/index.ts';
import { SimTerminal } from '../../src/modules/emergency/dispatch/sim-terminal.ts';
import { brokerSecret, terminalPassword } from '../../src/platform/mqtt-auth.ts';
import { broadcastStatusIs as statusIs, clickToShow, clickUntil, pickAreas, startHarness, submitted, type Harness } from './harness.ts';

const CENTER_CODE = 'lechang';
const TARGET_TOWNS = ['440281102000', '440281103000', '440281104000'];
const CONTROL_TOWN = '440281105000';
/** Simulated terminals per target town; the others stay unreached (and are listed so). */
const PER_TOWN = 12;
const CONTROLS = 4;

interface Resource { ebrid: string; areaCode: string; protocol: string | null; name: string }

let h: Harness;
const targets: SimTerminal[] = [];
const controls: SimTerminal[] = [];
/** Every registered terminal of the target towns (simulated or not). */
let targetTotal = 0;

const until = (what: string, fn: () => Promise<boolean> | boolean, ms = 15_000) => waitUntil(what, fn, ms, 50);

async function apiGet<T>(path: string): Promise<T> {
  const res = await h.api<T>('engineer', 'GET', path);
  assert.equal(res.status, 200, `${path}: ${res.status} ${JSON.stringify(res.data)}`);
  return res.data;
}

async function terminalsOf(town: string): Promise<Resource[]> {
  const r = await apiGet<{ items: Resource[]; total: number }>(`/api/eb/resources?area=${town}&kind=terminal&pageSize=200`);
  assert.equal(r.items.length, r.total, `${town}: all terminals on one page`);
  return r.items;
}

/** MQTT terminals first (that is how they are registered), then by EBRID: a stable pick. */
function pick(items: Resource[], n: number): Resource[] {
  return [...items].sort((a, b) => Number(b.protocol === 'mqtt') - Number(a.protocol === 'mqtt') || a.ebrid.localeCompare(b.ebrid)).slice(0, n);
}

interface Coverage {
  notReached: { ebrid: string; areaCode: string; state: string }[];
  status: string; total: number; reached: number;
  byState: Record<string, number>;
  byArea: { areaCode: string; total: number; playing: number; stopped: number; notReached: number }[];
}

before(async () => {
  h = await startHarness();
  assert.ok(h.mqttUrl, 'the server runs an MQTT broker');

  // The terminals trust the platform's signing certificates, and nothing else.
  const keys = await apiGet<{ items: { certSerial: string; publicKey: string }[] }>('/api/eb/keys');
  assert.ok(keys.items.length > 0, 'the demo center has a signing key');
  const trust = new CertificateTrustList();
  for (const k of keys.items) {
    trust.add(k.certSerial, { publicKeyHex: k.publicKey, subject: 'platform', validFrom: new Date(Date.now() - 24 * 3600_000), validTo: new Date('2099-12-31T00:00:00Z') });
  }
  // The embedded broker admits each terminal with its own password (and lets it speak only for itself).
  const secret = brokerSecret(h.dataDir);
  const sim = (r: Resource) => new SimTerminal({ url: h.mqttUrl!, centerCode: CENTER_CODE, ebrid: r.ebrid, areaCode: r.areaCode, trust, username: r.ebrid, password: terminalPassword(secret, r.ebrid) });
  for (const town of TARGET_TOWNS) {
    const all = await terminalsOf(town);
    assert.ok(all.length > 0, `${town} has terminals`);
    targetTotal += all.length;
    targets.push(...pick(all, PER_TOWN).map(sim));
  }
  controls.push(...pick(await terminalsOf(CONTROL_TOWN), CONTROLS).map(sim));
  await Promise.all([...targets, ...controls].map((s) => s.start()));

  await Promise.all(['eb_operator', 'eb_approver'].map((u) => h.as(u)));
});

after(async () => {
  await Promise.all([...targets, ...controls].map((s) => s.stop().catch(() => {})));
  await h?.close();
});

describe('emergency broadcast to simulated terminals', () => {
  test('a flood warning plays in exactly its three towns, coverage shows what was not reached first, one-click cancel stops it', { timeout: 90_000 }, async () => {
    const simulated = targets.length;
    assert.ok(simulated >= 3 && targetTotal > simulated, `simulating ${simulated} of ${targetTotal} target terminals`);

    // 1. The duty operator authors a real level-II flood warning for the three towns and submits it.
    const op = await h.as('eb_operator');
    await op.goto('/emergency/broadcasts/new');
    await op.getByTestId('eb-template-flood').click();
    assert.equal(await op.locator('#eventType').inputValue(), '10101');
    assert.ok(await op.getByTestId('eb-severity-2').isChecked());
    const real = op.getByTestId('eb-type-1');
    await clickUntil('type 1 chosen', () => op.locator('label', { has: real }).click(), () => real.isChecked());
    await op.getByTestId('eb-real-banner').waitFor();
    await op.getByTestId('eb-title').fill('武江洪水橙色预警：北乡、九峰、廊田三镇立即转移');
    await pickAreas(op, ['北乡镇', '九峰镇', '廊田镇']);
    await clickToShow(op.getByTestId('eb-save-submit'), op.getByTestId('eb-confirm-ok'), 'submit dialog');
    await op.getByTestId('eb-confirm-body').getByTestId('eb-real-badge').waitFor();
    await submitted(op, () => op.getByTestId('eb-confirm-ok').click(), /^\/api\/eb\/broadcasts$/, 201);
    await op.waitForURL(/\/emergency\/broadcasts\/[0-9a-f-]{36}$/);
    const id = op.url().split('/').pop()!;
    await statusIs(op, '待审核');
    assert.equal(await op.getByTestId('eb-coverage').count(), 0, 'no coverage before it is sent');

    // 2. A second person approves: it is signed and dispatched.
    const ap = await h.as('eb_approver');
    await ap.goto(`/emergency/broadcasts/${id}`);
    await statusIs(ap, '待审核');
    await clickToShow(ap.getByTestId('eb-approve'), ap.getByTestId('eb-confirm-ok'), 'approve dialog');
    // Approval signs the EBD and its cancel; on a loaded CI machine that can take a while.
    await submitted(ap, () => ap.getByTestId('eb-confirm-ok').click(), new RegExp(`/api/eb/broadcasts/${id}/decision$`), 200);
    await statusIs(ap, '已签发');
    const ebmid = (await ap.getByTestId('eb-ebmid').textContent())!;
    assert.match(ebmid, /^\d{35}$/);

    // 3. Exactly the simulated terminals of the three towns play it; the controls hear nothing.
    await until('every simulated target terminal plays', () => targets.every((s) => s.current?.ebmid === ebmid));
    const coverage = () => apiGet<Coverage>(`/api/eb/broadcasts/${id}/coverage`);
    await until('the platform records them playing', async () => (await coverage()).byState.playing === simulated);
    await Promise.all([...targets, ...controls].map((s) => s.settled()));
    for (const s of targets) assert.deepEqual(s.acksFor(ebmid).map((a) => a.state), ['playing'], s.opts.ebrid);
    for (const s of controls) {
      assert.equal(s.current, null, `control ${s.opts.ebrid} does not play`);
      assert.deepEqual(s.acks, [], `control ${s.opts.ebrid} got nothing`);
    }
    let cov = await coverage();
    assert.equal(Object.keys(cov)[0], 'notReached');
    assert.equal(cov.status, 'approved');
    assert.equal(cov.total, targetTotal, 'a delivery for every registered terminal of the three towns');
    assert.equal(cov.reached, simulated);
    assert.equal(cov.byState.playing, simulated);
    assert.equal(cov.notReached.length, targetTotal - simulated);
    const simulatedIds = new Set(targets.map((s) => s.opts.ebrid));
    const controlIds = new Set(controls.map((s) => s.opts.ebrid));
    for (const n of cov.notReached) {
      assert.ok(!simulatedIds.has(n.ebrid), `${n.ebrid} is simulated, so reached`);
      assert.ok(!controlIds.has(n.ebrid), 'no control terminal is a target');
    }
    for (const a of cov.byArea) assert.ok(TARGET_TOWNS.some((town) => a.areaCode.startsWith(town.slice(0, 9))), `${a.areaCode} lies in a target town`);
    assert.equal(cov.byArea.reduce((n, a) => n + a.playing, 0), simulated);

    // 4. The coverage panel on the detail page: not reached first, then totals and areas.
    await op.reload();
    await statusIs(op, '已签发');
    const panel = op.getByTestId('eb-coverage');
    await panel.locator(`[data-testid="eb-coverage-totals"][data-reached="${simulated}"][data-total="${targetTotal}"]`).waitFor();
    await panel.getByTestId('eb-coverage-reached').filter({ hasText: `已覆盖 ${simulated} / ${targetTotal}` }).waitFor();
    const order = await panel.evaluate((el) => [...el.querySelectorAll('section[data-testid]')].map((s) => s.getAttribute('data-testid')));
    assert.deepEqual(order, ['eb-coverage-not-reached', 'eb-coverage-totals'], 'the not-reached list comes first');
    assert.equal(await panel.getByTestId('eb-coverage-not-reached').getAttribute('data-count'), String(targetTotal - simulated));
    const firstShown = await panel.getByTestId('eb-coverage-ebrid').first().textContent();
    assert.ok(cov.notReached.some((n) => n.ebrid === firstShown), 'a not-reached terminal is listed');
    await panel.locator('[data-testid="eb-coverage-by-state"] [data-state="playing"]').filter({ hasText: `播出中 ${simulated}` }).waitFor();
    for (const label of ['待下发', '已下发', '已停止', '失败', '离线']) await panel.getByTestId('eb-coverage-by-state').getByText(label, { exact: false }).waitFor();
    // The areas by name (the villages and neighbourhoods of the towns), not by code.
    const areaRows = panel.getByTestId('eb-coverage-by-area').locator('tbody tr.ant-table-row');
    await until('area names shown', async () => /[\u4e00-\u9fa5]/.test((await areaRows.first().locator('td').first().textContent()) ?? ''));
    await h.screenshot(op, 'emergency-flow-coverage');
    await panel.getByTestId('eb-coverage-by-area').scrollIntoViewIfNeeded();
    await h.screenshot(op, 'emergency-flow-coverage-areas');

    // 5. One-click cancel: every simulated target terminal stops.
    await clickToShow(op.getByTestId('eb-cancel'), op.getByTestId('eb-confirm-note'), 'cancel dialog');
    await op.getByTestId('eb-confirm-note').fill('水位回落，解除转移');
    await submitted(op, () => op.getByTestId('eb-confirm-ok').click(), /\/cancel$/, 200);
    await statusIs(op, '已取消');
    await until('every simulated target terminal stops', () => targets.every((s) => s.current === null && s.acksFor(ebmid).at(-1)?.state === 'stopped'));
    await until('the platform records them stopped', async () => (await coverage()).byState.stopped === simulated);
    await Promise.all([...targets, ...controls].map((s) => s.settled()));
    for (const s of targets) assert.deepEqual(s.acksFor(ebmid).map((a) => a.state), ['playing', 'stopped'], s.opts.ebrid);
    for (const s of controls) assert.deepEqual(s.acks, [], `control ${s.opts.ebrid} still got nothing`);
    cov = await coverage();
    assert.equal(cov.status, 'cancelled');
    assert.equal(cov.byState.playing, 0);
    assert.equal(cov.reached, simulated, 'a stopped terminal was reached');
    // The panel stays on the cancelled broadcast and catches up within its 3 s refresh.
    await panel.locator('[data-testid="eb-coverage-by-state"] [data-state="stopped"]').filter({ hasText: `已停止 ${simulated}` }).waitFor();
    await panel.locator('[data-testid="eb-coverage-by-state"] [data-state="playing"]').filter({ hasText: '播出中 0' }).waitFor();
    await h.screenshot(op, 'emergency-flow-cancelled');
  });
});
