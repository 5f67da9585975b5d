/**
 * 收到的预警 and 受信任证书 in a real browser with the demo center: the engineer trusts the
 * Shaoguan platform's certificate on the keys page; Shaoguan posts a signed alert to
 * POST /api/eb/ebd; the operator sees it, opens it (XML shown), adopts it and lands on the
 * new draft; the engineer resets Shaoguan's sequence (a peer that restarted its counter)
 * and revokes the certificate, each after a confirm.
 * Screenshots: .tmp/eb-inbound-*.png.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { clickToShow, logIn, startHarness, submitted, type Harness } from './harness.ts';
import { buildEbdid, buildEbmid, buildEbrid, encodeEbdXml, packEbdTar, parseAreaCode, type Ebd, type Ebrid } from '../../src/modules/emergency/ebm/index.ts';
import { generateKeyPair, signEbdFile, SoftwareSigner } from '../../src/platform/crypto/index.ts';

const SHAOGUAN = buildEbrid({ level: 3, area: '440200000000', type: '0101', typeSeq: '01', subtype: '01', subtypeSeq: '01' }) as Ebrid;
const LECHANG = buildEbrid({ level: 4, area: '440281000000', type: '0101', typeSeq: '01', subtype: '01', subtypeSeq: '01' }) as Ebrid;

let h: Harness;
let engineer: Page;
let operator: Page;
before(async () => {
  h = await startHarness();
  engineer = await h.newPage();
  operator = await h.newPage();
  await logIn(engineer, 'engineer');
  await logIn(operator, 'eb_operator');
});
after(async () => {
  await engineer?.context().close().catch(() => {});
  await operator?.context().close().catch(() => {});
  await h?.close();
});

async function sendAlert(peer: SoftwareSigner): Promise<string> {
  const now = new Date();
  const ebdid = buildEbdid({ kind: 'other', sender: SHAOGUAN, sequence: 77 });
  const ebd: Ebd = {
    ebdVersion: '1', ebdid, src: { ebrid: SHAOGUAN }, dest: { ebrid: LECHANG }, ebdTime: now,
    body: { kind: 'EBM', ebm: {
      ebmVersion: '1', ebmid: buildEbmid({ platform: SHAOGUAN, date: now, seq: 12 }),
      basicInfo: { msgType: 1, senderName: '韶关市应急广播平台', senderCode: SHAOGUAN, sendTime: now, eventType: '10101', severity: 2, startTime: now, endTime: new Date(now.getTime() + 3 * 3600_000) },
      contents: [{ languageCode: 'zho', msgTitle: '韶关市洪水橙色预警', msgDesc: '武江上游水位快速上涨，沿河群众请立即转移到高处。', areaCodes: [parseAreaCode('440200000000')], auxiliaries: [] }],
      dispatches: [],
    } },
  };
  const xml = Buffer.from(encodeEbdXml(ebd), 'utf8');
  const tar = packEbdTar({ ebdid, businessXml: xml, signatureXml: await signEbdFile(peer, ebdid, xml) });
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(tar)], { type: 'application/x-tar' }), `EBDT_${ebdid}.tar`);
  const res = await fetch(`${h.url}/api/eb/ebd`, { method: 'POST', body: form });
  assert.equal(res.status, 200);
  return res.headers.get('x-eb-result-code') ?? '';
}

describe('incoming alerts page and trusted certificates', () => {
  test('trust a certificate, receive an alert, adopt it; revoke the certificate', async () => {
    const key = generateKeyPair();
    const peer = new SoftwareSigner({ privateKeyHex: key.privateKeyHex, certSerial: 'A1B2C3D4E5F6' });
    await engineer.goto('/emergency/keys');
    await clickToShow(engineer.getByTestId('eb-cert-add'), engineer.getByTestId('eb-cert-serial'), 'certificate form');
    await engineer.getByTestId('eb-cert-serial').fill('A1B2C3D4E5F6');
    await engineer.getByTestId('eb-cert-key').fill(peer.publicKeyHex);
    await engineer.getByTestId('eb-cert-subject').fill(SHAOGUAN);
    await submitted(engineer, () => engineer.getByTestId('eb-cert-save').click(), /^\/api\/eb\/certs$/, 201);
    const certRow = engineer.getByTestId('eb-certs-table').locator('tr', { hasText: 'A1B2C3D4E5F6' });
    await certRow.filter({ hasText: '有效' }).waitFor();
    await h.screenshot(engineer, 'eb-inbound-certs');

    assert.equal(await sendAlert(peer), '1');

    await operator.goto('/emergency/inbound');
    const row = operator.getByTestId('eb-inbound-table').locator('tr', { hasText: '韶关市洪水橙色预警' });
    await row.getByTestId('eb-inbound-state').filter({ hasText: '待处理' }).waitFor();
    await h.screenshot(operator, 'eb-inbound-list');
    await clickToShow(row, operator.getByTestId('eb-inbound-adopt'), 'alert detail');
    await operator.getByTestId('eb-inbound-xml').filter({ hasText: '<EBMID>' }).waitFor();
    await h.screenshot(operator, 'eb-inbound-detail');
    await submitted(operator, () => operator.getByTestId('eb-inbound-adopt').click(), /^\/api\/eb\/inbound\/[^/]+\/adopt$/, 200);
    await operator.waitForURL(/\/emergency\/broadcasts\/[0-9a-f-]{36}$/);
    await operator.getByTestId('eb-status').filter({ hasText: '草稿' }).waitFor();
    await h.screenshot(operator, 'eb-inbound-adopted-draft');

    // Shaoguan restarted its counter: the engineer resets its sequence, with a reason, after a confirm.
    await engineer.reload();
    const senderRow = engineer.getByTestId('eb-senders-table').locator('tr', { hasText: SHAOGUAN });
    await senderRow.filter({ hasText: '0000000000000077' }).waitFor();
    await clickToShow(senderRow.getByTestId('eb-sender-reset'), engineer.getByTestId('eb-sender-reset-reason'), 'reset dialog');
    await engineer.getByTestId('eb-sender-reset-reason').fill('韶关平台重装，序号归零');
    await h.screenshot(engineer, 'eb-inbound-sender-reset');
    await submitted(engineer, () => engineer.getByTestId('eb-sender-reset-ok').click(), /^\/api\/eb\/senders\/\d{23}\/reset$/, 200);
    // Still listed (its epoch is kept), without a highest sequence until its next package.
    await senderRow.filter({ hasNotText: '0000000000000077' }).waitFor();

    const ok = engineer.getByTestId('eb-cert-revoke-ok');
    await submitted(engineer, async () => {
      if (!(await ok.isVisible())) await certRow.getByTestId('eb-cert-revoke').click();
      await ok.click();
    }, /\/api\/eb\/certs\/[^/]+\/revoke$/, 200);
    await certRow.filter({ hasText: '已撤销' }).waitFor();
  });
});
