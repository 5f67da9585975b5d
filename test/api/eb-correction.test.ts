/** Corrections (更正) of emergency broadcasts: a prefilled draft naming the original, which it replaces once approved. */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, type TestApp } from '../helpers/app.ts';
import { testEngines } from '../helpers/engines.ts';
import { ebCenter, signedIn, townArea } from '../helpers/eb.ts';
import { decodeEbdXml } from '../../src/modules/emergency/ebm/index.ts';

const TOWNS = ['440281102000', '440281103000'];

for (const engine of testEngines()) {
  describe(`emergency broadcast corrections (${engine})`, () => {
    let t: TestApp;
    let centerId: string;
    let tok: Record<string, string>;
    before(async () => {
      t = await testApp(engine);
      centerId = await ebCenter(t, 'eb_corr', TOWNS.map((code, i) => townArea(code, `镇${i}`, null)));
      ({ tok } = await signedIn(t, centerId, { op: ['eb_operator'], approver: ['eb_approver'] }));
    });
    after(() => t.close());

    const flood = (msgType = 1) => ({
      msgType, eventType: '10101', severity: 2, title: '洪水橙色预警', text: '沿河群众请立即转移。', areaCodes: TOWNS,
      startAt: new Date(Date.now() - 60_000).toISOString(), endAt: new Date(Date.now() + 2 * 3600_000).toISOString(), audio: { kind: 'stream', url: 'http://127.0.0.1:8000/live.mp3' },
    });

    async function sent(msgType = 1) {
      const d = await t.call('POST', '/api/eb/broadcasts', { token: tok.op, body: flood(msgType) });
      assert.equal(d.status, 201, JSON.stringify(d.body));
      await t.call('POST', `/api/eb/broadcasts/${d.body.id}/submit`, { token: tok.op, body: {} });
      const ok = await t.call('POST', `/api/eb/broadcasts/${d.body.id}/decision`, { token: tok.approver, body: { approve: true } });
      assert.equal(ok.body.status, 'approved', JSON.stringify(ok.body));
      return ok.body as { id: string; ebmid: string; cancelEbmid: string; endAt: string };
    }

    test('a correction is a draft prefilled from the original, naming its EBMID', async () => {
      const orig = await sent();
      const c = await t.call('POST', `/api/eb/broadcasts/${orig.id}/correction`, { token: tok.op, body: {} });
      assert.equal(c.status, 201, JSON.stringify(c.body));
      assert.equal(c.body.status, 'draft');
      assert.equal(c.body.relatedEbmid, orig.ebmid);
      assert.deepEqual(c.body.correctionOf, { id: orig.id, ebmid: orig.ebmid });
      assert.equal(c.body.title, '【更正】洪水橙色预警');
      assert.equal(c.body.text, '【更正】沿河群众请立即转移。');
      assert.deepEqual(c.body.areaCodes, TOWNS);
      assert.equal(c.body.msgType, 1);
      assert.equal(c.body.eventType, '10101');
      assert.equal(c.body.severity, 2);
      assert.equal(c.body.endAt, orig.endAt);
      assert.ok(Date.parse(c.body.startAt) > Date.now() - 10_000, 'starts now');
      assert.equal(c.body.audio, null, 'speech is made again for the new text');
      assert.equal(c.body.ebmid, null);
      const audit = await t.db.db.selectFrom('audit_log').select(['action', 'subject_id']).where('center_id', '=', centerId).where('action', '=', 'eb.broadcast.correction').execute();
      assert.ok(audit.some((a) => a.subject_id === c.body.id));

      // Edited text gets the mark once; a drill's correction stays a drill.
      const drill = await sent(3);
      const e = await t.call('POST', `/api/eb/broadcasts/${drill.id}/correction`, { token: tok.op, body: { title: '【更正】洪水蓝色预警', text: '水位回落，请注意安全。' } });
      assert.equal(e.status, 201, JSON.stringify(e.body));
      assert.equal(e.body.title, '【更正】洪水蓝色预警');
      assert.equal(e.body.text, '【更正】水位回落，请注意安全。');
      assert.equal(e.body.drill, true);
      assert.equal(e.body.msgType, 3);

      // A cancelled broadcast that was sent may be corrected too.
      await t.call('POST', `/api/eb/broadcasts/${drill.id}/cancel`, { token: tok.op, body: { reason: '错报' } });
      assert.equal((await t.call('POST', `/api/eb/broadcasts/${drill.id}/correction`, { token: tok.op, body: {} })).status, 201);
    });

    test('only sent broadcasts, only authors, only this center', async () => {
      const draft = await t.call('POST', '/api/eb/broadcasts', { token: tok.op, body: flood() });
      const r = await t.call('POST', `/api/eb/broadcasts/${draft.body.id}/correction`, { token: tok.op, body: {} });
      assert.equal(r.status, 409);
      assert.equal(r.body.error.code, 'EB_INVALID_TRANSITION');
      await t.call('POST', `/api/eb/broadcasts/${draft.body.id}/submit`, { token: tok.op, body: {} });
      assert.equal((await t.call('POST', `/api/eb/broadcasts/${draft.body.id}/correction`, { token: tok.op, body: {} })).status, 409, 'pending');
      await t.call('POST', `/api/eb/broadcasts/${draft.body.id}/decision`, { token: tok.approver, body: { approve: false, note: '不准确' } });
      assert.equal((await t.call('POST', `/api/eb/broadcasts/${draft.body.id}/correction`, { token: tok.op, body: {} })).status, 409, 'rejected');

      const orig = await sent();
      const denied = await t.call('POST', `/api/eb/broadcasts/${orig.id}/correction`, { token: tok.approver, body: {} });
      assert.equal(denied.status, 403);

      const other = await t.center('eb_corr_other');
      await t.user(other, ['eb_operator'], 'other_op');
      const otherTok = await t.token('other_op');
      const foreign = await t.call('POST', `/api/eb/broadcasts/${orig.id}/correction`, { token: otherTok, body: {} });
      assert.equal(foreign.status, 404);
      assert.equal(foreign.body.error.code, 'EB_BROADCAST_NOT_FOUND');
      const bad = await t.call('POST', `/api/eb/broadcasts/${orig.id}/correction`, { token: tok.op, body: { title: '' } });
      assert.equal(bad.status, 400);
    });

    test('an approved correction names the original in RelatedInfo and replaces it', async () => {
      const orig = await sent();
      const c = (await t.call('POST', `/api/eb/broadcasts/${orig.id}/correction`, { token: tok.op, body: { text: '转移范围扩大至沿河两公里。' } })).body;
      assert.equal((await t.call('POST', `/api/eb/broadcasts/${c.id}/submit`, { token: tok.op, body: {} })).status, 200);
      assert.equal((await t.call('POST', `/api/eb/broadcasts/${c.id}/decision`, { token: tok.op, body: { approve: true } })).status, 403, 'a second person approves');
      const ok = await t.call('POST', `/api/eb/broadcasts/${c.id}/decision`, { token: tok.approver, body: { approve: true } });
      assert.equal(ok.body.status, 'approved', JSON.stringify(ok.body));

      const row = await t.db.db.selectFrom('eb_broadcasts').select(['ebd_xml', 'cancel_ebd_xml']).where('id', '=', c.id).executeTakeFirstOrThrow();
      assert.match(row.ebd_xml!, new RegExp(`<RelatedInfo>\\s*<EBMID>${orig.ebmid}</EBMID>`));
      const decoded = decodeEbdXml(row.ebd_xml!);
      assert.ok(decoded.ok && decoded.ebd.body.kind === 'EBM');
      if (decoded.ok && decoded.ebd.body.kind === 'EBM') {
        assert.equal(decoded.ebd.body.ebm.related?.ebmid, orig.ebmid);
        assert.equal(decoded.ebd.body.ebm.basicInfo.msgType, 1);
      }
      // The correction's own prepared cancel names the correction, not the original.
      const cancel = decodeEbdXml(row.cancel_ebd_xml!);
      assert.ok(cancel.ok && cancel.ebd.body.kind === 'EBM' && cancel.ebd.body.ebm.related?.ebmid === ok.body.ebmid);

      const before = await t.call('GET', `/api/eb/broadcasts/${orig.id}`, { token: tok.op });
      assert.equal(before.body.status, 'cancelled');
      assert.equal(before.body.cancelReason, `被更正 / corrected by ${ok.body.ebmid}`);
      assert.deepEqual(before.body.correctedBy, { id: c.id, ebmid: ok.body.ebmid });

      const ev = await t.db.db.selectFrom('outbox').select(['type', 'payload']).where('center_id', '=', centerId).where('type', '=', 'eb.broadcast.cancelled').execute();
      const payloads = ev.map((e) => (typeof e.payload === 'string' ? JSON.parse(e.payload) : e.payload) as { broadcastId: string; cancelEbmid: string });
      const stop = payloads.find((p) => p.broadcastId === orig.id);
      assert.ok(stop, 'the original\'s prepared stop is dispatched');
      assert.equal(stop.cancelEbmid, orig.cancelEbmid);
      const audit = await t.db.db.selectFrom('audit_log').select(['action']).where('center_id', '=', centerId).where('subject_id', '=', orig.id).execute();
      assert.ok(audit.some((a) => a.action === 'eb.broadcast.cancel'));

      // An original already stopped is left as it was.
      const other = await sent();
      await t.call('POST', `/api/eb/broadcasts/${other.id}/cancel`, { token: tok.op, body: { reason: '险情解除' } });
      const c2 = (await t.call('POST', `/api/eb/broadcasts/${other.id}/correction`, { token: tok.op, body: {} })).body;
      await t.call('POST', `/api/eb/broadcasts/${c2.id}/submit`, { token: tok.op, body: {} });
      assert.equal((await t.call('POST', `/api/eb/broadcasts/${c2.id}/decision`, { token: tok.approver, body: { approve: true } })).body.status, 'approved');
      assert.equal((await t.call('GET', `/api/eb/broadcasts/${other.id}`, { token: tok.op })).body.cancelReason, '险情解除');
    });
  });
}
