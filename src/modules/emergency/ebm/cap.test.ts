import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { capToEbm, ebmToCap } from './cap.ts';
import { type CapAlert, decodeCapXml, encodeCapXml } from './cap-xml.ts';
import type { Ebm, MsgType } from './ebm.ts';
import { buildEbmid, type Ebmid } from './ids.ts';
import { bj, floodEbm, LECHANG_PLATFORM } from './test-fixtures.ts';

const XSD = fileURLToPath(new URL('./cap-v1.2.xsd', import.meta.url));
const GOLDEN = fs.readFileSync(new URL('./fixtures/flood-warning.cap.xml', import.meta.url), 'utf8');
const TOWN_NAMES: Record<string, string> = { '440281102000': '北乡镇', '440281103000': '九峰镇', '440281104000': '廊田镇' };
const hasXmllint = spawnSync('xmllint', ['--version']).status === 0;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cap-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));
if (!hasXmllint) console.log('# xmllint is missing (apt-get install libxml2-utils): CAP schema validation is skipped');

/** Validates with xmllint against the official CAP 1.2 XSD; returns xmllint's complaint or ''. */
function schemaErrors(xml: string): string {
  const file = path.join(tmp, `alert-${Math.random().toString(36).slice(2)}.xml`);
  fs.writeFileSync(file, xml);
  const r = spawnSync('xmllint', ['--noout', '--nonet', '--schema', XSD, file], { encoding: 'utf8' });
  return r.status === 0 ? '' : r.stderr;
}

function cancelOf(original: Ebm): Ebm {
  return {
    ...original,
    ebmid: buildEbmid({ platform: LECHANG_PLATFORM, date: '20240618', seq: 2 }),
    related: { ebmid: original.ebmid },
    basicInfo: { ...original.basicInfo, msgType: 2, sendTime: bj('2024-06-18 09:10:00') },
    contents: [],
    dispatches: [],
  };
}

/** The EBM as CAP can carry it: no Dispatch, no SM3 digests. */
function carriable(ebm: Ebm): Ebm {
  return {
    ...ebm,
    contents: ebm.contents.map((c) => ({ ...c, auxiliaries: c.auxiliaries.map(({ digest: _d, ...x }) => x) })),
    dispatches: [],
  };
}

function imported(alert: CapAlert | string, opts: Parameters<typeof capToEbm>[1] = {}): Ebm {
  const a = typeof alert === 'string' ? decodeCapXml(alert) : { ok: true as const, alert };
  assert.ok(a.ok, a.ok ? '' : a.message);
  const r = capToEbm(a.alert, opts);
  assert.ok(r.ok, r.ok ? '' : r.message);
  return r.ebm;
}

describe('CAP 1.2 export', () => {
  it('writes the golden flood alert, valid against the official XSD', { skip: !hasXmllint && 'xmllint missing' }, () => {
    const xml = encodeCapXml(ebmToCap(floodEbm(), { areaName: (c) => TOWN_NAMES[c] }));
    assert.equal(xml, GOLDEN);
    assert.equal(schemaErrors(xml), '');
    assert.match(schemaErrors(xml.replace('+08:00</sent>', '</sent>')), /sent.*pattern/s, 'negative control: xmllint really validates');
  });

  it('writes drills, updates and cancels that validate too', { skip: !hasXmllint && 'xmllint missing' }, () => {
    for (const msgType of [3, 4, 5] as MsgType[]) {
      const drill = { ...floodEbm(), basicInfo: { ...floodEbm().basicInfo, msgType } };
      const alert = ebmToCap(drill);
      assert.equal(alert.status, 'Exercise');
      assert.equal(schemaErrors(encodeCapXml(alert)), '');
    }
    const cancel = ebmToCap(cancelOf(floodEbm()), { original: { sent: bj('2024-06-18 07:58:00') } });
    assert.equal(cancel.msgType, 'Cancel');
    assert.equal(cancel.references, '440281000000SF,44402810000000101010101202406180001,2024-06-18T07:58:00+08:00');
    assert.equal(cancel.infos[0]?.urgency, 'Past');
    assert.equal(schemaErrors(encodeCapXml(cancel)), '');
    const update = ebmToCap({ ...floodEbm(), related: { ebmid: floodEbm().ebmid }, ebmid: cancelOf(floodEbm()).ebmid });
    assert.equal(update.msgType, 'Update');
    assert.equal(schemaErrors(encodeCapXml(update)), '');
  });

  it('maps every severity and a stream, PNG and non-CAP sender', () => {
    const got = ([0, 1, 2, 3, 4] as const).map((s) => ebmToCap({ ...floodEbm(), basicInfo: { ...floodEbm().basicInfo, severity: s } }).infos[0]?.severity);
    assert.deepEqual(got, ['Unknown', 'Extreme', 'Severe', 'Moderate', 'Minor']);
    const ebm = floodEbm();
    ebm.basicInfo.senderCode = '乐昌 三防';
    (ebm.contents[0] as Ebm['contents'][number]).auxiliaries.push(
      { auxiliaryType: 61, auxiliaryDesc: 'rtp://239.1.1.1:5004' },
      { auxiliaryType: 41, auxiliaryDesc: '水位图.png', size: 10, digest: 'a'.repeat(64) },
    );
    const alert = ebmToCap(ebm);
    assert.equal(alert.sender, LECHANG_PLATFORM, 'a sender with spaces falls back to the platform EBRID');
    assert.deepEqual(alert.infos[0]?.resources.slice(1), [
      { resourceDesc: 'audio stream', mimeType: 'audio/mpeg', uri: 'rtp://239.1.1.1:5004' },
      { resourceDesc: 'image', mimeType: 'image/png', size: 10, uri: '%E6%B0%B4%E4%BD%8D%E5%9B%BE.png' },
    ]);
    if (hasXmllint) assert.equal(schemaErrors(encodeCapXml(alert)), '');
  });
});

describe('CAP 1.2 import and round trip', () => {
  it('EBM → CAP → EBM keeps what CAP can carry', () => {
    for (const ebm of [floodEbm(), cancelOf(floodEbm()), { ...floodEbm(), basicInfo: { ...floodEbm().basicInfo, msgType: 4 as const } }]) {
      const back = imported(encodeCapXml(ebmToCap(ebm)));
      assert.deepEqual(back, carriable(ebm));
    }
  });

  it('reads a foreign CAP alert: new EBMID, 6/9-digit geocodes, no eventCode', () => {
    const ours = buildEbmid({ platform: LECHANG_PLATFORM, date: '20240618', seq: 7 });
    const foreign = `<?xml version="1.0"?>
<cap:alert xmlns:cap="urn:oasis:names:tc:emergency:cap:1.2">
  <cap:identifier>CN-GD-SG-2024-0618-003</cap:identifier><cap:sender>sgqx@gd.cma</cap:sender>
  <cap:sent>2024-06-18T00:05:00Z</cap:sent><cap:status>Actual</cap:status><cap:msgType>Alert</cap:msgType><cap:scope>Public</cap:scope>
  <cap:info><cap:language>zh-CN</cap:language><cap:category>Met</cap:category><cap:event>暴雨</cap:event>
    <cap:urgency>Immediate</cap:urgency><cap:severity>Moderate</cap:severity><cap:certainty>Likely</cap:certainty>
    <cap:headline>韶关市暴雨黄色预警</cap:headline><cap:description>未来6小时乐昌市将出现50毫米以上降水。</cap:description>
    <cap:resource><cap:resourceDesc>map</cap:resourceDesc><cap:mimeType>application/pdf</cap:mimeType><cap:uri>http://x/y.pdf</cap:uri></cap:resource>
    <cap:area><cap:areaDesc>乐昌市</cap:areaDesc><cap:geocode><cap:valueName>AreaCode</cap:valueName><cap:value>440281</cap:value></cap:geocode>
      <cap:geocode><cap:valueName>gb/t2260</cap:valueName><cap:value>440281108</cap:value></cap:geocode>
      <cap:geocode><cap:valueName>FIPS6</cap:valueName><cap:value>06037</cap:value></cap:geocode></cap:area>
  </cap:info>
</cap:alert>`;
    const ebm = imported(foreign, { ebmid: ours });
    assert.equal(ebm.ebmid, ours);
    assert.equal(ebm.basicInfo.msgType, 1);
    assert.equal(ebm.basicInfo.eventType, '10200', 'category Met → 气象灾害 class');
    assert.equal(ebm.basicInfo.severity, 3);
    assert.equal(ebm.basicInfo.startTime.getTime(), Date.parse('2024-06-18T00:05:00Z'));
    assert.equal(ebm.basicInfo.endTime.getTime(), Date.parse('2024-06-18T01:05:00Z'), 'no expires: one hour');
    assert.deepEqual(ebm.contents[0]?.areaCodes, ['440281000000', '440281108000']);
    assert.deepEqual(ebm.contents[0]?.auxiliaries, [], 'a PDF cannot be played');
    const r = capToEbm((decodeCapXml(foreign) as { ok: true; alert: CapAlert }).alert);
    assert.deepEqual(r, { ok: false, message: 'CAP identifier "CN-GD-SG-2024-0618-003" is not an EBMID: pass opts.ebmid' });
  });

  it('refuses what must not be broadcast', () => {
    const alert = (): CapAlert => ebmToCap(floodEbm());
    const refuse = (a: CapAlert, message: RegExp, opts: Parameters<typeof capToEbm>[1] = {}): void => {
      const r = capToEbm(a, opts);
      assert.equal(r.ok, false);
      if (!r.ok) assert.match(r.message, message);
    };
    for (const status of ['Test', 'System', 'Draft'] as const) refuse({ ...alert(), status }, new RegExp(`status ${status} is not for broadcast`));
    refuse({ ...alert(), msgType: 'Ack' }, /Ack carries no broadcast/);
    const drillClaim = alert();
    (drillClaim.infos[0] as CapAlert['infos'][number]).parameters = [{ valueName: 'EBM MsgType', value: '3' }];
    refuse(drillClaim, /status Actual contradicts EBM MsgType 3/);
    refuse({ ...alert(), status: 'Exercise', infos: drillClaim.infos.map((i) => ({ ...i, parameters: [{ valueName: 'EBM MsgType', value: '1' }] })) }, /Exercise contradicts/);
    refuse({ ...alert(), msgType: 'Cancel', references: 'x,foreign-id,2024-06-18T07:58:00+08:00' }, /Cancel names no original/);
    const resolved = imported({ ...alert(), msgType: 'Cancel', references: 'x,foreign-id,2024-06-18T07:58:00+08:00' }, {
      resolveReference: (id): Ebmid | undefined => (id === 'foreign-id' ? floodEbm().ebmid : undefined),
    });
    assert.deepEqual(resolved.related, { ebmid: floodEbm().ebmid });
    refuse({ ...alert(), infos: alert().infos.map((i) => ({ ...i, areas: [] })) }, /no GB\/T 2260 geocode/);
  });

  it('reads leniently and refuses DOCTYPE', () => {
    assert.equal(decodeCapXml(GOLDEN.replace('<alert', '<!DOCTYPE alert><alert')).ok, false);
    const odd = decodeCapXml(GOLDEN.replace('<status>Actual</status>', '<status> actual </status><extra>1</extra>'));
    assert.ok(odd.ok && odd.alert.status === 'Actual');
    const bad = decodeCapXml(GOLDEN.replace('+08:00</sent>', 'tomorrow</sent>'));
    assert.ok(!bad.ok && /alert\/sent .* is not valid/.test(bad.message));
  });
});
