/** Emergency broadcasts: two-person approval, signed EBD and prepared cancel, exports. */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { testApp, type TestApp } from '../helpers/app.ts';
import { testEngines } from '../helpers/engines.ts';
import { countyArea, ebCenter, signedIn, townArea } from '../helpers/eb.ts';
import { trustListOf } from '../../src/modules/emergency/index.ts';
import { decodeEbdXml, unpackEbdTar } from '../../src/modules/emergency/ebm/index.ts';
import { verifyEbdSignatureFile } from '../../src/platform/crypto/index.ts';

const TOWNS = ['440281102000', '440281103000', '440281104000'];

for (const engine of testEngines()) {
  describe(`emergency broadcasts (${engine})`, () => {
    let t: TestApp;
    let centerId: string;
    let tok: Record<string, string>;
    before(async () => {
      t = await testApp(engine);
      centerId = await ebCenter(t, 'eb_c', [countyArea(), ...TOWNS.map((code, i) => townArea(code, `镇${i}`))]);
      ({ tok } = await signedIn(t, centerId, { op: ['eb_operator'], op2: ['eb_operator', 'eb_approver'], approver: ['eb_approver'], editor: ['editor'] }));
    });
    after(() => t.close());

    const flood = (msgType = 1) => ({
      msgType, eventType: '10101', severity: 2, title: '洪水橙色预警', text: '北乡镇、九峰镇、廊田镇沿河群众请立即转移。', areaCodes: TOWNS,
      startAt: new Date().toISOString(), endAt: new Date(Date.now() + 2 * 3600_000).toISOString(), audio: { kind: 'stream', url: 'http://127.0.0.1:8000/live.mp3' },
    });

    test('a real send needs a second person; approval signs the EBD and its cancel', async () => {
      const draft = await t.call('POST', '/api/eb/broadcasts', { token: tok.op2, body: flood() });
      assert.equal(draft.status, 201, JSON.stringify(draft.body));
      assert.equal((await t.call('POST', `/api/eb/broadcasts/${draft.body.id}/decision`, { token: tok.approver, body: { approve: true } })).body.error.code, 'EB_INVALID_TRANSITION');
      await t.call('POST', `/api/eb/broadcasts/${draft.body.id}/submit`, { token: tok.op2, body: {} });
      const self = await t.call('POST', `/api/eb/broadcasts/${draft.body.id}/decision`, { token: tok.op2, body: { approve: true } });
      assert.equal(self.status, 403);
      assert.equal(self.body.error.code, 'EB_APPROVER_IS_AUTHOR');
      assert.equal((await t.call('POST', `/api/eb/broadcasts/${draft.body.id}/decision`, { token: tok.op, body: { approve: true } })).status, 403, 'operators cannot approve');
      const ok = await t.call('POST', `/api/eb/broadcasts/${draft.body.id}/decision`, { token: tok.approver, body: { approve: true } });
      assert.equal(ok.body.status, 'approved', JSON.stringify(ok.body));
      assert.match(ok.body.ebmid, /^44402810000000101010101\d{8}0001$/);
      assert.match(ok.body.cancelEbmid, /0002$/);

      const tarRes = await t.app.inject({ method: 'GET', url: `/api/eb/broadcasts/${draft.body.id}/package.tar`, headers: { authorization: `Bearer ${tok.approver}` } });
      assert.equal(tarRes.statusCode, 200);
      const pkg = unpackEbdTar(tarRes.rawPayload);
      assert.ok(pkg.ok);
      if (!pkg.ok) return;
      const decoded = decodeEbdXml(pkg.businessXml);
      assert.ok(decoded.ok && decoded.ebd.body.kind === 'EBM');
      if (decoded.ok && decoded.ebd.body.kind === 'EBM') {
        assert.deepEqual(decoded.ebd.body.ebm.contents[0]!.areaCodes, TOWNS);
        assert.equal(decoded.ebd.body.ebm.basicInfo.severity, 2);
      }
      const trust = await trustListOf(t.db.db, centerId);
      const ebdid = pkg.ebdid;
      const verdict = verifyEbdSignatureFile(ebdid, pkg.businessXml, pkg.signatureXml.toString('utf8'), trust);
      assert.equal(verdict.ok, true, JSON.stringify(verdict));
      const flipped = Buffer.from(pkg.businessXml);
      flipped[flipped.length - 10]! ^= 1;
      assert.equal(verifyEbdSignatureFile(ebdid, flipped, pkg.signatureXml.toString('utf8'), trust).ok, false);

      const cap = await t.app.inject({ method: 'GET', url: `/api/eb/broadcasts/${draft.body.id}/cap.xml`, headers: { authorization: `Bearer ${tok.approver}` } });
      const capFile = path.join(t.config.dataDir, 'alert.xml');
      fs.writeFileSync(capFile, cap.body);
      execFileSync('xmllint', ['--noout', '--schema', path.resolve('src/modules/emergency/ebm/cap-v1.2.xsd'), capFile], { stdio: 'pipe' });

      const cancelled = await t.call('POST', `/api/eb/broadcasts/${draft.body.id}/cancel`, { token: tok.op, body: { reason: '险情解除' } });
      assert.equal(cancelled.body.status, 'cancelled');
      const ev = await t.db.db.selectFrom('outbox').select(['type', 'payload']).where('type', 'in', ['eb.broadcast.approved', 'eb.broadcast.cancelled']).execute();
      assert.deepEqual(ev.map((e) => e.type).sort(), ['eb.broadcast.approved', 'eb.broadcast.cancelled']);
    });

    test('a drill may be approved by its author, and is marked as a drill', async () => {
      const d = await t.call('POST', '/api/eb/broadcasts', { token: tok.op2, body: flood(3) });
      await t.call('POST', `/api/eb/broadcasts/${d.body.id}/submit`, { token: tok.op2, body: {} });
      const ok = await t.call('POST', `/api/eb/broadcasts/${d.body.id}/decision`, { token: tok.op2, body: { approve: true } });
      assert.equal(ok.body.status, 'approved');
      assert.equal(ok.body.drill, true);
      const drills = await t.call('GET', '/api/eb/broadcasts?drill=true', { token: tok.op });
      assert.deepEqual(drills.body.items.map((b: { id: string }) => b.id), [d.body.id]);
    });

    test('bad input names the field; other centers and other roles see nothing', async () => {
      const past = await t.call('POST', '/api/eb/broadcasts', { token: tok.op, body: { ...flood(), endAt: new Date(Date.now() - 1000).toISOString() } });
      assert.equal(past.body.error.code, 'EB_TIME_WINDOW_INVALID');
      const area = await t.call('POST', '/api/eb/broadcasts', { token: tok.op, body: { ...flood(), areaCodes: ['440281999000'] } });
      assert.equal(area.body.error.field, 'areaCodes');
      assert.equal((await t.call('POST', '/api/eb/broadcasts', { token: tok.op, body: { ...flood(), msgType: 2 } })).status, 400);
      assert.equal((await t.call('GET', '/api/eb/broadcasts', { token: tok.editor })).status, 403);
      const other = await t.center('eb_other');
      await t.user(other, ['eb_approver'], 'other_approver');
      const otherTok = await t.token('other_approver');
      assert.equal((await t.call('GET', '/api/eb/broadcasts', { token: otherTok })).body.total, 0);
    });
  });
}

describe('emergency broadcasts: drafts and who may cancel', () => {
  test('a draft is changed by its author only; an approver may cancel and the reason is kept', async () => {
    const t = await testApp('sqlite');
    try {
      const centerId = await ebCenter(t, 'eb_c2', [townArea('440281102000', '北乡镇', null)]);
      const { tok } = await signedIn(t, centerId, { op: ['eb_operator'], op2: ['eb_operator'], ap: ['eb_approver'] });
      const body = { msgType: 1, eventType: '10201', severity: 3, title: '台风黄色预警', text: '请做好防台准备。', areaCodes: ['440281102000'], startAt: new Date().toISOString(), endAt: new Date(Date.now() + 3600_000).toISOString() };
      const d = (await t.call('POST', '/api/eb/broadcasts', { token: tok.op, body })).body;
      assert.equal((await t.call('PUT', `/api/eb/broadcasts/${d.id}`, { token: tok.op2, body: { ...body, title: '改' } })).status, 403);
      const changed = await t.call('PUT', `/api/eb/broadcasts/${d.id}`, { token: tok.op, body: { ...body, severity: 2, title: '台风橙色预警' } });
      assert.equal(changed.body.title, '台风橙色预警');
      await t.call('POST', `/api/eb/broadcasts/${d.id}/submit`, { token: tok.op, body: {} });
      assert.equal((await t.call('PUT', `/api/eb/broadcasts/${d.id}`, { token: tok.op, body })).body.error.code, 'EB_INVALID_TRANSITION');
      await t.call('POST', `/api/eb/broadcasts/${d.id}/decision`, { token: tok.ap, body: { approve: true } });
      const c = await t.call('POST', `/api/eb/broadcasts/${d.id}/cancel`, { token: tok.ap, body: { reason: '台风转向' } });
      assert.equal(c.body.status, 'cancelled');
      assert.equal(c.body.cancelReason, '台风转向');
    } finally {
      await t.close();
    }
  });
});
