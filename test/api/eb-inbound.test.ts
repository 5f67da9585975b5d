/**
 * Incoming alerts (GD/J 083 receive): packages built with the real codecs and signed by a
 * peer key in the center's trusted certificates are accepted with a signed receipt; forged,
 * wrong-key, unknown / revoked certificate, stale, replayed, out-of-order, unsigned and
 * garbage packages are refused with the right ResultCode and nothing adoptable is stored.
 * Adopting makes a draft that a second person approves; other centers see nothing.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { testApp, type TestApp } from '../helpers/app.ts';
import { testEngines } from '../helpers/engines.ts';
import { trustListOf } from '../../src/modules/emergency/index.ts';
import {
  buildEbdid, buildEbmid, buildEbrid, decodeEbdXml, encodeEbdXml, packEbdTar, parseAreaCode, unpackEbdTar, type Ebd, type Ebrid,
} from '../../src/modules/emergency/ebm/index.ts';
import { writeTar } from '../../src/modules/emergency/ebm/tar.ts';
import { generateKeyPair, signEbdFile, SoftwareSigner, verifyEbdSignatureFile, type Signer } from '../../src/platform/crypto/index.ts';
import { multipartForm } from '../../src/modules/media/testing.ts';

const platform = (level: 3 | 4, area: string) => buildEbrid({ level, area, type: '0101', typeSeq: '01', subtype: '01', subtypeSeq: '01' });
const SHAOGUAN = platform(3, '440200000000'); // the city platform, upper level
const LECHANG = platform(4, '440281000000');
const NANXIONG = platform(4, '440282000000');
const SERIAL = 'A1B2C3D4E5F6';

function signerOf(serial: string, key = generateKeyPair()): SoftwareSigner {
  return new SoftwareSigner({ privateKeyHex: key.privateKeyHex, certSerial: serial });
}

interface PkgOpts { seq: number; signer?: Signer; sigTime?: Date; dest?: string; sender?: string; title?: string; areas?: string[]; msgType?: 1 | 2 | 3; media?: Buffer }

/** A signed EBDT_<EBDID>.tar carrying an EBM, as the Shaoguan platform would send it. */
async function pkg(peer: Signer, o: PkgOpts, mutate?: (xml: Buffer) => Buffer) {
  const sender = (o.sender ?? SHAOGUAN) as Ebrid;
  const now = new Date();
  const ebdid = buildEbdid({ kind: 'other', sender, sequence: o.seq });
  const ebd: Ebd = {
    ebdVersion: '1', ebdid, src: { ebrid: sender }, dest: { ebrid: (o.dest ?? LECHANG) as Ebrid }, ebdTime: now,
    body: {
      kind: 'EBM',
      ebm: {
        ebmVersion: '1', ebmid: buildEbmid({ platform: sender, date: now, seq: o.seq % 9999 || 1 }),
        basicInfo: {
          msgType: o.msgType ?? 1, senderName: '韶关市应急广播平台', senderCode: sender, sendTime: now, eventType: '10101', severity: 2,
          startTime: now, endTime: new Date(now.getTime() + 2 * 3600_000),
        },
        contents: [{ languageCode: 'zho', msgTitle: o.title ?? '韶关市暴雨橙色预警', msgDesc: '全市未来六小时有大暴雨，沿河群众请立即转移。', areaCodes: (o.areas ?? ['440200000000']).map(parseAreaCode), auxiliaries: [] }],
        dispatches: [],
      },
    },
  };
  const xml = Buffer.from(encodeEbdXml(ebd), 'utf8');
  const signature = await signEbdFile(o.signer ?? peer, ebdid, xml, o.sigTime);
  const media = o.media ? [{ name: 'alert.mp3', bytes: o.media }] : [];
  return { ebdid, tar: packEbdTar({ ebdid, businessXml: mutate ? mutate(xml) : xml, signatureXml: signature, media }) };
}

for (const engine of testEngines()) {
  describe(`incoming alerts, GD/J 083 receive (${engine})`, () => {
    let t: TestApp;
    let centerA: string;
    let centerB: string;
    const tok: Record<string, string> = {};
    const peer = signerOf(SERIAL);
    let firstValid: { ebdid: string; tar: Buffer };

    before(async () => {
      t = await testApp(engine);
      centerA = await t.center('lechang');
      centerB = await t.center('nanxiong');
      await t.db.db.updateTable('centers').set({ area_code: '440281000000', name: '乐昌市融媒体中心' }).where('id', '=', centerA).execute();
      await t.db.db.updateTable('centers').set({ area_code: '440282000000', name: '南雄市融媒体中心' }).where('id', '=', centerB).execute();
      await t.db.db.insertInto('areas').values([
        { center_id: centerA, code: '440281000000', name: '乐昌市', level: 'county', parent_code: null },
        { center_id: centerA, code: '440281102000', name: '北乡镇', level: 'town', parent_code: '440281000000' },
        { center_id: centerB, code: '440282000000', name: '南雄市', level: 'county', parent_code: null },
      ]).execute();
      for (const [u, c, r] of [['op', centerA, ['eb_operator']], ['approver', centerA, ['eb_approver']], ['eng', centerA, ['engineer']], ['opB', centerB, ['eb_operator']], ['engB', centerB, ['engineer']]] as const) {
        await t.user(c, [...r], u);
        tok[u] = await t.token(u);
      }
      const added = await t.call('POST', '/api/eb/certs', { token: tok.eng, body: { certSerial: SERIAL, publicKey: peer.publicKeyHex, subject: SHAOGUAN, validFrom: new Date(Date.now() - 86400_000).toISOString(), validTo: new Date(Date.now() + 365 * 86400_000).toISOString() } });
      assert.equal(added.status, 201, JSON.stringify(added.body));
      assert.equal(added.body.state, 'valid');
    });
    after(() => t.close());

    async function post(tar: Buffer, opts: { url?: string; fileName?: string; receiver?: { id: string; ebrid: string }; headers?: Record<string, string> } = {}) {
      const form = multipartForm([{ name: 'file', filename: opts.fileName ?? 'EBDT.tar', type: 'application/x-tar', data: tar }]);
      const res = await t.app.inject({ method: 'POST', url: opts.url ?? '/api/eb/ebd', headers: { ...opts.headers, 'content-type': form.contentType }, payload: form.payload });
      if (res.statusCode !== 200) return { status: res.statusCode, json: JSON.parse(res.body) as { error: { code: string } }, code: -1, desc: '' };
      const receipt = unpackEbdTar(res.rawPayload);
      assert.ok(receipt.ok, 'the answer is an EBD package');
      if (!receipt.ok) throw new Error('unreachable');
      const verdict = verifyEbdSignatureFile(receipt.ebdid, receipt.businessXml, receipt.signatureXml.toString('utf8'), await trustListOf(t.db.db, opts.receiver?.id ?? centerA));
      assert.equal(verdict.ok, true, `the receipt is signed by the platform: ${JSON.stringify(verdict)}`);
      const d = decodeEbdXml(receipt.businessXml);
      assert.ok(d.ok && d.ebd.body.kind === 'EBDResponse');
      if (!d.ok || d.ebd.body.kind !== 'EBDResponse') throw new Error('unreachable');
      assert.equal(d.ebd.src.ebrid, opts.receiver?.ebrid ?? LECHANG);
      assert.equal(res.headers['x-eb-result-code'], String(d.ebd.body.ebdResponse.resultCode));
      return { status: 200, code: d.ebd.body.ebdResponse.resultCode, desc: d.ebd.body.ebdResponse.resultDesc ?? '', related: d.ebd.relatedEbdid, json: null };
    }
    const adoptable = async () => (await t.db.db.selectFrom('eb_inbound_messages').select('id').where('center_id', '=', centerA).where('state', '=', 'new').execute()).length;

    test('a valid package is accepted with a signed receipt (ResultCode 1), stored and audited; no session, no CSRF header', async () => {
      firstValid = await pkg(peer, { seq: 1000 });
      const r = await post(firstValid.tar, { fileName: `EBDT_${firstValid.ebdid}.tar` });
      assert.equal(r.code, 1, r.desc);
      assert.equal(r.related, firstValid.ebdid);
      const list = await t.call('GET', '/api/eb/inbound?state=new', { token: tok.op });
      assert.equal(list.body.total, 1);
      const item = list.body.items[0];
      assert.equal(item.sender, SHAOGUAN);
      assert.equal(item.title, '韶关市暴雨橙色预警');
      assert.equal(item.severity, 2);
      assert.deepEqual(item.areaCodes, ['440200000000']);
      const detail = await t.call('GET', `/api/eb/inbound/${item.id}`, { token: tok.op });
      assert.match(detail.body.ebdXml, /<EBDID>\d{41}<\/EBDID>/);
      assert.equal(detail.body.certSerial, SERIAL);
      const audit = await t.db.db.selectFrom('audit_log').select('action').where('center_id', '=', centerA).where('action', '=', 'eb.inbound.receive').execute();
      assert.equal(audit.length, 1);
      const events = await t.db.db.selectFrom('outbox').select('type').where('type', '=', 'eb.inbound.received').execute();
      assert.equal(events.length, 1);
    });

    test('forged, wrong-key, unknown / revoked certificate, stale, replayed, out-of-order, unsigned and garbage packages are refused', async () => {
      const revoked = signerOf('0000000000B2');
      await t.call('POST', '/api/eb/certs', { token: tok.eng, body: { certSerial: revoked.certSerial, publicKey: revoked.publicKeyHex, subject: SHAOGUAN, validFrom: new Date(Date.now() - 86400_000).toISOString(), validTo: new Date(Date.now() + 86400_000).toISOString() } });
      assert.equal((await t.call('POST', `/api/eb/certs/${revoked.certSerial.toLowerCase()}/revoke`, { token: tok.eng, body: {} })).body.state, 'revoked');
      const flip = (xml: Buffer) => {
        const b = Buffer.from(xml);
        b[b.indexOf('暴雨')]! ^= 0x01;
        return b;
      };
      const unsignedId = buildEbdid({ kind: 'other', sender: SHAOGUAN, sequence: 1009 });
      const cases: Array<[string, Promise<{ tar: Buffer }> | { tar: Buffer }, number, string]> = [
        ['flipped bit in the business XML', pkg(peer, { seq: 1001 }, flip), 4, 'BAD_SIGNATURE'],
        ['signed with a wrong key', pkg(peer, { seq: 1002, signer: signerOf(SERIAL) }), 4, 'BAD_SIGNATURE'],
        ['unknown certificate serial', pkg(peer, { seq: 1003, signer: signerOf('FFFFFFFFFFFF') }), 4, 'UNKNOWN_CERTIFICATE'],
        ['revoked certificate', pkg(peer, { seq: 1004, signer: revoked }), 4, 'CERTIFICATE_REVOKED'],
        ['SigTime 10 minutes old', pkg(peer, { seq: 1005, sigTime: new Date(Date.now() - 600_000) }), 5, 'NOT_FRESH'],
        ['SigTime 10 minutes ahead', pkg(peer, { seq: 1006, sigTime: new Date(Date.now() + 600_000) }), 5, 'NOT_FRESH'],
        ['replay of the earlier valid package', firstValid, 5, 'REPLAYED'],
        ['sequence far below one already seen', pkg(peer, { seq: 10 }), 5, 'OUT_OF_ORDER'],
        ['a certificate bound to another sender', pkg(peer, { seq: 1007, sender: NANXIONG }), 4, 'CERTIFICATE_SUBJECT_MISMATCH'],
        ['addressed to another platform', pkg(peer, { seq: 1008, dest: NANXIONG }), 5, 'WRONG_DESTINATION'],
        ['unsigned (no signature file)', { tar: writeTar([{ name: `EBDB_${unsignedId}.xml`, bytes: Buffer.from('<EBD/>') }]) }, 3, 'UNSIGNED'],
        ['garbage instead of a TAR', { tar: randomBytes(3000) }, 2, 'PACKAGE_MALFORMED'],
      ];
      for (const [name, made, code, reason] of cases) {
        const r = await post((await made).tar, { url: '/api/eb/ebd/lechang' });
        assert.equal(r.code, code, `${name}: ResultCode ${r.code} (${r.desc})`);
        assert.match(r.desc, new RegExp(`^${reason}`), name);
      }
      assert.equal(await adoptable(), 1, 'nothing refused is adoptable');
      const refused = await t.call('GET', '/api/eb/inbound?state=refused&pageSize=50', { token: tok.op });
      assert.equal(refused.body.total, cases.length);
      const stale = await t.call('GET', '/api/eb/inbound?state=refused&q=NOT_FRESH', { token: tok.op });
      assert.equal(stale.body.total, 2, 'refusals are searchable by reason');
      const adopt = await t.call('POST', `/api/eb/inbound/${refused.body.items[0].id}/adopt`, { token: tok.op, body: {} });
      assert.equal(adopt.body.error.code, 'EB_INBOUND_NOT_ADOPTABLE');
      assert.equal((await t.db.db.selectFrom('audit_log').select('id').where('center_id', '=', centerA).where('action', '=', 'eb.inbound.refuse').execute()).length, cases.length);
    });

    test('routing: DEST chooses the center; an unknown destination or an unreadable package there is a 404', async () => {
      const garbage = await post(randomBytes(1000));
      assert.equal(garbage.status, 404);
      assert.equal(garbage.json?.error.code, 'EB_EBD_DESTINATION_UNKNOWN');
      assert.equal((await post((await pkg(peer, { seq: 1020 })).tar, { url: '/api/eb/ebd/nosuchcenter' })).status, 404);
      // Nanxiong does not trust Shaoguan's certificate: the trust list is per center.
      const toB = await post((await pkg(peer, { seq: 1021, dest: NANXIONG })).tar, { receiver: { id: centerB, ebrid: NANXIONG } });
      assert.equal(toB.status, 200);
      assert.equal(toB.code, 4);
      assert.match(toB.desc, /^UNKNOWN_CERTIFICATE/);
      assert.equal(await adoptable(), 1, 'Lechang got nothing');
      // A cookie (a browser's, say) changes nothing: the route acts on the signature alone, CSRF rules are for sessions.
      const withCookie = await post(randomBytes(500), { url: '/api/eb/ebd/lechang', headers: { cookie: 'rm_session=rm_bogus', origin: 'https://evil.example' } });
      assert.equal(withCookie.code, 2);
      // Packages beyond the 1 MB JSON body limit are fine up to 20 MB (media files ride along).
      const big = await post((await pkg(peer, { seq: 1022, title: '韶关市雷电黄色预警', media: randomBytes(3 * 1024 * 1024) })).tar);
      assert.equal(big.code, 1, big.desc);
      const huge = await post(Buffer.alloc(21 * 1024 * 1024), { url: '/api/eb/ebd/lechang' });
      assert.equal(huge.status, 413);
      const notMultipart = await t.call('POST', '/api/eb/ebd', { body: { tar: 'x' } });
      assert.equal(notMultipart.status, 400);
      assert.equal(notMultipart.body.error.code, 'EB_EBD_PART_MISSING');
    });

    test('an unseen package a little below the highest sequence is accepted (reordering window)', async () => {
      const r = await post((await pkg(peer, { seq: 990, title: '韶关市大风黄色预警' })).tar);
      assert.equal(r.code, 1, r.desc);
      assert.equal(await adoptable(), 3);
    });

    test('adopt makes a draft of our own areas that a second person approves; dismiss needs a reason', async () => {
      const list = await t.call('GET', `/api/eb/inbound?state=new&q=${encodeURIComponent('暴雨')}`, { token: tok.op });
      assert.equal(list.body.total, 1);
      const id = list.body.items[0].id;
      assert.equal((await t.call('POST', `/api/eb/inbound/${id}/adopt`, { token: tok.eng, body: {} })).status, 403, 'engineers do not author broadcasts');
      const adopted = await t.call('POST', `/api/eb/inbound/${id}/adopt`, { token: tok.op, body: {} });
      assert.equal(adopted.status, 200, JSON.stringify(adopted.body));
      assert.equal(adopted.body.state, 'adopted');
      const bid = adopted.body.broadcastId;
      const draft = await t.call('GET', `/api/eb/broadcasts/${bid}`, { token: tok.op });
      assert.equal(draft.body.status, 'draft');
      assert.deepEqual(draft.body.areaCodes, ['440281000000'], 'the city-wide alert becomes our county');
      assert.equal(draft.body.title, '韶关市暴雨橙色预警');
      assert.equal((await t.call('POST', `/api/eb/inbound/${id}/adopt`, { token: tok.op, body: {} })).body.error.code, 'EB_INBOUND_NOT_ADOPTABLE');
      await t.call('POST', `/api/eb/broadcasts/${bid}/submit`, { token: tok.op, body: {} });
      const approved = await t.call('POST', `/api/eb/broadcasts/${bid}/decision`, { token: tok.approver, body: { approve: true } });
      assert.equal(approved.body.status, 'approved', JSON.stringify(approved.body));

      const other = (await t.call('GET', '/api/eb/inbound?state=new', { token: tok.op })).body.items[0].id;
      assert.equal((await t.call('POST', `/api/eb/inbound/${other}/dismiss`, { token: tok.op, body: {} })).status, 400);
      const dismissed = await t.call('POST', `/api/eb/inbound/${other}/dismiss`, { token: tok.op, body: { reason: '本县不在影响范围' } });
      assert.equal(dismissed.body.state, 'dismissed');
      assert.equal(dismissed.body.decisionNote, '本县不在影响范围');
      assert.equal(dismissed.body.decidedBy.name, 'op');
    });

    test('another center sees and adopts nothing of ours', async () => {
      const ours = (await t.call('GET', '/api/eb/inbound', { token: tok.op })).body.items[0].id;
      assert.equal((await t.call('GET', '/api/eb/inbound', { token: tok.opB })).body.items.every((i: { id: string }) => i.id !== ours), true);
      assert.equal((await t.call('GET', `/api/eb/inbound/${ours}`, { token: tok.opB })).status, 404);
      assert.equal((await t.call('POST', `/api/eb/inbound/${ours}/adopt`, { token: tok.opB, body: {} })).status, 404);
      assert.equal((await t.call('GET', '/api/eb/certs', { token: tok.opB })).body.items.length, 0);
      assert.equal((await t.call('POST', `/api/eb/certs/${SERIAL}/revoke`, { token: tok.engB, body: {} })).status, 404);
    });

    test('trusted certificates: validated, unique, managed by engineers only', async () => {
      const good = signerOf('00000000C0DE');
      const body = { certSerial: good.certSerial, publicKey: good.publicKeyHex, subject: '广东省应急广播平台', validFrom: new Date().toISOString(), validTo: new Date(Date.now() + 86400_000).toISOString() };
      assert.equal((await t.call('POST', '/api/eb/certs', { token: tok.op, body })).status, 403);
      const offCurve = await t.call('POST', '/api/eb/certs', { token: tok.eng, body: { ...body, publicKey: `04${'ab'.repeat(64)}` } });
      assert.equal(offCurve.status, 400);
      assert.equal(offCurve.body.error.field, 'publicKey');
      const badSerial = await t.call('POST', '/api/eb/certs', { token: tok.eng, body: { ...body, certSerial: 'XYZ' } });
      assert.equal(badSerial.status, 400);
      const backwards = await t.call('POST', '/api/eb/certs', { token: tok.eng, body: { ...body, validTo: new Date(Date.now() - 86400_000).toISOString() } });
      assert.equal(backwards.body.error.code, 'EB_CERT_INVALID');
      assert.equal((await t.call('POST', '/api/eb/certs', { token: tok.eng, body })).status, 201);
      assert.equal((await t.call('POST', '/api/eb/certs', { token: tok.eng, body })).body.error.code, 'EB_CERT_TAKEN');
      const list = await t.call('GET', '/api/eb/certs', { token: tok.op });
      assert.deepEqual(list.body.items.map((c: { certSerial: string }) => c.certSerial).sort(), ['0000000000B2', '00000000C0DE', SERIAL].sort());
      assert.equal((await t.call('POST', '/api/eb/certs/000000000000/revoke', { token: tok.eng, body: {} })).body.error.code, 'EB_CERT_NOT_FOUND');
    });
  });
}
