/**
 * Incoming packages beyond alerts, with real signed packages: a peer's EBMStateRequest is
 * answered with our signed EBMStateResponse (waiting, playing with the terminals reached,
 * cancelled; an unknown EBMID is a ResultCode 5 receipt); peer senders are listed and a
 * peer that reset its counter is reset by an engineer (audited), starting a new epoch in
 * which the EBDIDs it sent before may be reused once; a town operator adopting
 * an alert gets a draft for their own town only.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { testApp, type TestApp } from '../helpers/app.ts';
import { testEngines } from '../helpers/engines.ts';
import { ensurePlatformKey, seedTownRights, trustListOf } from '../../src/modules/emergency/index.ts';
import {
  buildEbdid, buildEbmid, buildEbrid, decodeEbdXml, encodeEbdXml, packEbdTar, parseAreaCode, parseEbmid, unpackEbdTar, type Ebd, type EbdBody, type Ebrid,
} from '../../src/modules/emergency/ebm/index.ts';
import { generateKeyPair, signEbdFile, SoftwareSigner, verifyEbdSignatureFile } from '../../src/platform/crypto/index.ts';
import { multipartForm } from '../../src/modules/media/testing.ts';

const platform = (level: 3 | 4, area: string) => buildEbrid({ level, area, type: '0101', typeSeq: '01', subtype: '01', subtypeSeq: '01' }) as Ebrid;
const SHAOGUAN = platform(3, '440200000000');
const LECHANG = platform(4, '440281000000');
const NANXIONG = platform(4, '440282000000');
const BEIXIANG = '440281102000';
const BEIXIANG_VILLAGE = '440281102001';
const JIUFENG = '440281103000';
const SERIAL = 'A1B2C3D4E5F7';

for (const engine of testEngines()) {
  describe(`incoming state requests, peer senders, town adoption (${engine})`, () => {
    let t: TestApp;
    let centerId: string;
    let centerB: string;
    let tok: Record<'op' | 'approver' | 'eng' | 'leader' | 'town_op', string>;
    let tokB: Record<'engB', string>;
    const peer = new SoftwareSigner({ privateKeyHex: generateKeyPair().privateKeyHex, certSerial: SERIAL });

    /** A center serving `area`, holding these areas (code, name, level, parent), with a platform key. */
    async function ebCenter(code: string, area: string, areas: [string, string, string, string | null][]) {
      const id = await t.center(code);
      await t.db.db.updateTable('centers').set({ area_code: area }).where('id', '=', id).execute();
      await t.db.db.insertInto('areas').values(areas.map(([c, name, level, parent]) => ({ center_id: id, code: c, name, level, parent_code: parent }))).execute();
      await ensurePlatformKey(t.db.db, t.config.dataDir, id);
      return id;
    }
    async function signedIn<N extends string>(center: string, roles: Record<N, string[]>): Promise<Record<N, string>> {
      const out = {} as Record<N, string>;
      for (const [name, codes] of Object.entries(roles) as [N, string[]][]) {
        await t.user(center, codes, name);
        out[name] = await t.token(name);
      }
      return out;
    }

    before(async () => {
      t = await testApp(engine);
      centerId = await ebCenter('lechang', '440281000000', [
        ['440281000000', '乐昌市', 'county', null], [BEIXIANG, '北乡镇', 'town', '440281000000'], [BEIXIANG_VILLAGE, '北乡村', 'village', BEIXIANG], [JIUFENG, '九峰镇', 'town', '440281000000'],
      ]);
      centerB = await ebCenter('nanxiong', '440282000000', [['440282000000', '南雄市', 'county', null]]);
      tok = await signedIn(centerId, { op: ['eb_operator'], approver: ['eb_approver'], eng: ['engineer'], leader: ['leader'], town_op: ['eb_operator'] });
      tokB = await signedIn(centerB, { engB: ['engineer'] });
      await seedTownRights(t.db.db, centerId, { username: 'town_op', areaCode: BEIXIANG, grantedBy: 'leader', mayReal: true, mayDrill: true, maxSeverity: 1 });
      const added = await t.call('POST', '/api/eb/certs', { token: tok.eng, body: { certSerial: SERIAL, publicKey: peer.publicKeyHex, subject: SHAOGUAN, validFrom: new Date(Date.now() - 86400_000).toISOString(), validTo: new Date(Date.now() + 86400_000).toISOString() } });
      assert.equal(added.status, 201, JSON.stringify(added.body));
    });
    after(() => t.close());

    /** A signed package from Shaoguan carrying `body`, with EBDID sequence `seq`. */
    async function pkg(seq: number, body: EbdBody) {
      const ebdid = buildEbdid({ kind: 'other', sender: SHAOGUAN, sequence: seq });
      const ebd: Ebd = { ebdVersion: '1', ebdid, src: { ebrid: SHAOGUAN }, dest: { ebrid: LECHANG }, ebdTime: new Date(), body };
      const xml = Buffer.from(encodeEbdXml(ebd), 'utf8');
      return { ebdid, tar: packEbdTar({ ebdid, businessXml: xml, signatureXml: await signEbdFile(peer, ebdid, xml) }) };
    }
    const alert = (seq: number, title: string, areas: string[]) => {
      const now = new Date();
      return pkg(seq, { kind: 'EBM', ebm: {
        ebmVersion: '1', ebmid: buildEbmid({ platform: SHAOGUAN, date: now, seq }),
        basicInfo: { msgType: 1, senderName: '韶关市应急广播平台', senderCode: SHAOGUAN, sendTime: now, eventType: '10101', severity: 2, startTime: now, endTime: new Date(now.getTime() + 2 * 3600_000) },
        contents: [{ languageCode: 'zho', msgTitle: title, msgDesc: '沿河群众请立即转移。', areaCodes: areas.map(parseAreaCode), auxiliaries: [] }],
        dispatches: [],
      } });
    };
    const stateRequest = (seq: number, ebmid: string) => pkg(seq, { kind: 'EBMStateRequest', ebmStateRequest: { ebmid: parseEbmid(ebmid) } });

    /** Posts a package; checks the answer is a package signed by Lechang's platform, to Shaoguan, about this package. */
    async function post(p: { ebdid: string; tar: Buffer }) {
      const form = multipartForm([{ name: 'file', filename: `EBDT_${p.ebdid}.tar`, type: 'application/x-tar', data: p.tar }]);
      const res = await t.app.inject({ method: 'POST', url: '/api/eb/ebd/lechang', headers: { 'content-type': form.contentType }, payload: form.payload });
      assert.equal(res.statusCode, 200, res.body);
      const answer = unpackEbdTar(res.rawPayload);
      if (!answer.ok) throw new Error('the answer is not an EBD package');
      const verdict = verifyEbdSignatureFile(answer.ebdid, answer.businessXml, answer.signatureXml.toString('utf8'), await trustListOf(t.db.db, centerId));
      assert.equal(verdict.ok, true, `signed by the platform: ${JSON.stringify(verdict)}`);
      const d = decodeEbdXml(answer.businessXml);
      if (!d.ok) throw new Error(d.message);
      assert.equal(d.ebd.src.ebrid, LECHANG);
      assert.equal(d.ebd.dest.ebrid, SHAOGUAN);
      assert.equal(d.ebd.relatedEbdid, p.ebdid);
      return { ebd: d.ebd, resultCode: res.headers['x-eb-result-code'] };
    }
    async function receipt(p: { ebdid: string; tar: Buffer }) {
      const { ebd, resultCode } = await post(p);
      if (ebd.body.kind !== 'EBDResponse') throw new Error(`expected a receipt, got ${ebd.body.kind}`);
      assert.equal(resultCode, String(ebd.body.ebdResponse.resultCode));
      return { code: ebd.body.ebdResponse.resultCode, desc: ebd.body.ebdResponse.resultDesc ?? '' };
    }
    async function report(p: { ebdid: string; tar: Buffer }) {
      const { ebd, resultCode } = await post(p);
      if (ebd.body.kind !== 'EBMStateResponse') throw new Error(`expected a state report, got ${ebd.body.kind}: ${JSON.stringify(ebd.body)}`);
      assert.equal(resultCode, '1');
      return ebd.body.ebmStateResponse;
    }
    const newAlert = async (title: string) => {
      const list = await t.call('GET', `/api/eb/inbound?state=new&q=${encodeURIComponent(title)}`, { token: tok.op });
      assert.equal(list.body.total, 1, title);
      return list.body.items[0] as { id: string; ebmid: string };
    };
    const audits = async (action: string) => t.db.db.selectFrom('audit_log').select(['detail', 'subject_id']).where('center_id', '=', centerId).where('action', '=', action).orderBy('seq').execute();

    test('a state request is answered with the signed EBMStateResponse: not handled, waiting, playing with coverage, cancelled', async () => {
      assert.equal((await receipt(await alert(100, '韶关市暴雨橙色预警', ['440200000000']))).code, 1);
      const a = await newAlert('韶关市暴雨橙色预警');
      const stored = async () => Number((await t.db.db.selectFrom('eb_inbound_messages').select((eb) => eb.fn.countAll<number>().as('n')).where('center_id', '=', centerId).executeTakeFirstOrThrow()).n);
      const before = await stored();

      const notHandled = await report(await stateRequest(101, a.ebmid));
      assert.equal(notHandled.ebmid, a.ebmid);
      assert.equal(notHandled.brdStateCode, 0, 'received, not adopted yet');

      const adopted = await t.call('POST', `/api/eb/inbound/${a.id}/adopt`, { token: tok.op, body: {} });
      assert.equal(adopted.status, 200, JSON.stringify(adopted.body));
      const bid = adopted.body.broadcastId as string;
      assert.equal((await report(await stateRequest(102, a.ebmid))).brdStateCode, 1, 'a draft waits');

      assert.equal((await t.call('POST', `/api/eb/broadcasts/${bid}/submit`, { token: tok.op, body: {} })).status, 200);
      const approved = await t.call('POST', `/api/eb/broadcasts/${bid}/decision`, { token: tok.approver, body: { approve: true } });
      assert.equal(approved.body.status, 'approved', JSON.stringify(approved.body));
      const ourEbmid = approved.body.ebmid as string;
      // Three terminals in a village: two played it, one is offline (rows as dispatch makes them).
      const now = new Date().toISOString();
      const terminals = [0, 1, 2].map((i) => ({ id: randomUUID(), ebrid: buildEbrid({ level: 6, area: BEIXIANG_VILLAGE, type: '0314', typeSeq: '01', subtype: '04', subtypeSeq: String(i + 1).padStart(2, '0') }), area: BEIXIANG_VILLAGE }));
      await t.db.db.insertInto('eb_resources').values(terminals.map((x, i) => ({
        id: x.id, center_id: centerId, ebrid: x.ebrid, physical_id: `IMEI-${i}`, kind: 'terminal', name: `终端${i}`, area_code: x.area, parent_id: null,
        protocol: 'mqtt', address: null, longitude: null, latitude: null, status: 'online', status_since: now, last_seen_at: now, cert_serial: null, cert_public_key: null, created_at: now, updated_at: now,
      }))).execute();
      await t.db.db.insertInto('eb_deliveries').values(terminals.map((x, i) => ({
        id: randomUUID(), center_id: centerId, broadcast_id: bid, terminal_id: x.id, ebrid: x.ebrid, area_code: x.area, state: i < 2 ? 'playing' : 'offline',
        attempts: 1, sent_at: now, acked_at: i < 2 ? now : null, playing_at: i < 2 ? now : null, stopped_at: null, last_error: i < 2 ? null : 'NO_ACK', created_at: now, updated_at: now,
      }))).execute();

      for (const [seq, ebmid] of [[103, a.ebmid], [104, ourEbmid]] as const) {
        const playing = await report(await stateRequest(seq, ebmid));
        assert.equal(playing.ebmid, ebmid);
        assert.equal(playing.brdStateCode, 2, 'approved: playing');
        assert.deepEqual(playing.coverage?.resBrdStat, { platforms: 0, adapters: 0, devices: 0, terminals: 2 });
        assert.equal(playing.coverage?.coverageRate, 0.6667);
        assert.deepEqual(playing.coverage?.areaCodes, [BEIXIANG_VILLAGE]);
        assert.match(playing.brdStateDesc ?? '', /2\/3/);
      }

      assert.equal((await t.call('POST', `/api/eb/broadcasts/${bid}/cancel`, { token: tok.op, body: { reason: '预警解除' } })).status, 200);
      assert.equal((await report(await stateRequest(105, a.ebmid))).brdStateCode, 5);

      assert.equal(await stored(), before, 'state requests are answered, not stored as alerts');
      const logged = await audits('eb.inbound.state_request');
      assert.equal(logged.length, 5);
      assert.deepEqual(JSON.parse(logged[4]!.detail ?? '{}'), { sender: SHAOGUAN, ebdid: buildEbdid({ kind: 'other', sender: SHAOGUAN, sequence: 105 }), certSerial: SERIAL, ebmid: a.ebmid, brdStateCode: 5, terminals: 2 }, 'the terminals reached before the cancel');
      assert.equal(logged[4]!.subject_id, bid);
    });

    test('an unknown EBMID gets a ResultCode 5 receipt saying so; a replayed request is refused', async () => {
      const unknown = buildEbmid({ platform: SHAOGUAN, date: new Date(), seq: 9876 });
      const r = await receipt(await stateRequest(110, unknown));
      assert.equal(r.code, 5);
      assert.match(r.desc, new RegExp(`^UNKNOWN_EBMID: EBMID ${unknown}`));
      assert.equal((await audits('eb.inbound.refuse')).length, 1);
      const again = await receipt(await stateRequest(105, unknown));
      assert.equal(again.code, 5);
      assert.match(again.desc, /^UNKNOWN_EBMID/, 'an unknown EBMID is refused before the sequence is looked at');
      const ours = (await t.db.db.selectFrom('eb_broadcasts').select('ebmid').where('center_id', '=', centerId).where('ebmid', 'is not', null).executeTakeFirstOrThrow()).ebmid!;
      assert.match((await receipt(await stateRequest(105, ours))).desc, /^REPLAYED/);
    });

    test('peer senders: engineers list them and reset one that restarted its counter (reason audited)', async () => {
      assert.equal((await t.call('GET', '/api/eb/senders', { token: tok.op })).status, 403);
      const list = await t.call('GET', '/api/eb/senders', { token: tok.eng });
      assert.equal(list.status, 200);
      assert.equal(list.body.items.length, 1);
      const s = list.body.items[0];
      assert.equal(s.sender, SHAOGUAN);
      assert.equal(s.senderName, '韶关市应急广播平台');
      assert.equal(s.highestSeq, '0000000000000105');
      assert.ok(s.lastSeenAt >= s.lastAcceptedAt, 'refusals count as seen');
      assert.deepEqual((await t.call('GET', '/api/eb/senders', { token: tokB.engB })).body.items, [], 'another center has its own peers');

      // Shaoguan was reinstalled: its counter starts again at 1.
      assert.match((await receipt(await alert(1, '韶关市大风黄色预警', ['440200000000']))).desc, /^OUT_OF_ORDER/);
      const reset = (body: object, token = tok.eng, ebrid: string = SHAOGUAN) => t.call('POST', `/api/eb/senders/${ebrid}/reset`, { token, body });
      assert.equal((await reset({ reason: '韶关平台重装' }, tok.op)).status, 403);
      assert.equal((await reset({})).status, 400);
      assert.equal((await reset({ reason: '韶关平台重装' }, tokB.engB)).body.error?.code, 'EB_INBOUND_SENDER_NOT_FOUND', 'not theirs to reset');
      assert.equal((await reset({ reason: 'x' }, tok.eng, NANXIONG)).body.error?.code, 'EB_INBOUND_SENDER_NOT_FOUND');
      const done = await reset({ reason: '韶关平台重装，序号从 1 重新开始' });
      assert.equal(done.status, 200, JSON.stringify(done.body));
      assert.equal(done.body.items.length, 1, 'the peer stays listed (its epoch is kept)');
      assert.equal(done.body.items[0].highestSeq, null, 'with no sequence until its next package');
      assert.equal(done.body.items[0].lastEbdid, null);
      const logged = await audits('eb.inbound.sender.reset');
      assert.equal(logged.length, 1);
      assert.deepEqual(JSON.parse(logged[0]!.detail ?? '{}'), { highestSeq: '0000000000000105', lastEbdid: buildEbdid({ kind: 'other', sender: SHAOGUAN, sequence: 105 }), epoch: 1, reason: '韶关平台重装，序号从 1 重新开始' });

      assert.equal((await receipt(await alert(2, '韶关市大风黄色预警', ['440200000000']))).code, 1, 'accepted after the reset');
      assert.equal((await t.call('GET', '/api/eb/senders', { token: tok.eng })).body.items[0].highestSeq, '0000000000000002');
    });

    test('a town operator adopts an alert for their own town only; one outside their town is refused and audited', async () => {
      const wide = await newAlert('韶关市大风黄色预警');
      const adopted = await t.call('POST', `/api/eb/inbound/${wide.id}/adopt`, { token: tok.town_op, body: {} });
      assert.equal(adopted.status, 200, JSON.stringify(adopted.body));
      const draft = await t.call('GET', `/api/eb/broadcasts/${adopted.body.broadcastId}`, { token: tok.town_op });
      assert.equal(draft.status, 200, 'the town operator sees their draft');
      assert.deepEqual(draft.body.areaCodes, [BEIXIANG], 'the city-wide alert becomes their town, not the county');
      assert.equal((await t.call('POST', `/api/eb/broadcasts/${adopted.body.broadcastId}/submit`, { token: tok.town_op, body: {} })).status, 200, 'and may submit it');

      assert.equal((await receipt(await alert(3, '九峰镇山洪预警', [JIUFENG]))).code, 1);
      const other = await newAlert('九峰镇山洪预警');
      const refused = await t.call('POST', `/api/eb/inbound/${other.id}/adopt`, { token: tok.town_op, body: {} });
      assert.equal(refused.status, 403);
      assert.equal(refused.body.error.code, 'EB_AREA_NOT_GRANTED');
      assert.equal(refused.body.error.field, 'areaCodes');
      assert.equal((await t.call('GET', `/api/eb/inbound/${other.id}`, { token: tok.op })).body.state, 'new', 'the alert stays for someone who may');
      const logged = await audits('eb.broadcast.refused');
      assert.equal(logged.length, 1);
      assert.equal(JSON.parse(logged[0]!.detail ?? '{}').attempted, 'eb.broadcast.create');
      const county = await t.call('POST', `/api/eb/inbound/${other.id}/adopt`, { token: tok.op, body: {} });
      assert.equal(county.status, 200);
      assert.deepEqual((await t.call('GET', `/api/eb/broadcasts/${county.body.broadcastId}`, { token: tok.op })).body.areaCodes, [JIUFENG]);
    });

    test('a reset starts a new epoch: EBDIDs accepted before it may be sent again, once', async () => {
      // Sequences 2 and 3 were accepted above (since the first reset); 1 completes 1..3.
      const before = await alert(1, '韶关市寒潮蓝色预警', ['440200000000']);
      assert.equal((await receipt(before)).code, 1);
      assert.equal((await t.call('POST', `/api/eb/senders/${SHAOGUAN}/reset`, { token: tok.eng, body: { reason: '韶关平台再次重装' } })).status, 200);
      assert.equal(JSON.parse((await audits('eb.inbound.sender.reset')).at(-1)!.detail ?? '{}').epoch, 2);

      const after = await alert(1, '韶关市森林火险橙色预警', ['440200000000']);
      assert.equal(after.ebdid, before.ebdid, 'the restarted peer reuses an EBDID it sent before the reset');
      const accepted = await receipt(after);
      assert.equal(accepted.code, 1, accepted.desc);
      assert.match((await receipt(after)).desc, /^REPLAYED/, 'the same package again, in the same epoch');
      assert.match((await receipt(before)).desc, /^REPLAYED/, 'a copy from before the reset, with an EBDID accepted in this epoch');
      const rows = await t.db.db.selectFrom('eb_inbound_messages').select(['sender_epoch', 'title']).where('center_id', '=', centerId).where('ebdid', '=', after.ebdid)
        .where('state', '<>', 'refused').orderBy('sender_epoch').execute();
      assert.deepEqual(rows, [{ sender_epoch: 1, title: '韶关市寒潮蓝色预警' }, { sender_epoch: 2, title: '韶关市森林火险橙色预警' }]);

      // Racing copies of one new package: the row lock or the unique index lets one in.
      const raced = await alert(4, '韶关市雷雨大风黄色预警', ['440200000000']);
      const answers = await Promise.all([receipt(raced), receipt(raced), receipt(raced)]);
      assert.deepEqual(answers.map((a) => a.code).sort(), [1, 5, 5]);
      assert.ok(answers.filter((a) => a.code === 5).every((a) => a.desc.startsWith('REPLAYED')));
    });
  });
}
