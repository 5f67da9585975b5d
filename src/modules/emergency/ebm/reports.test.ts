import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeEbdXml, type Ebd, type EbdBody, encodeEbdXml } from './ebd.ts';
import { buildEbdid, parseEbrid } from './ids.ts';
import { bj, floodEbm, LECHANG_PLATFORM, SHAOGUAN_PLATFORM, TOWNS } from './test-fixtures.ts';

function envelope(body: EbdBody, seq: bigint, kind: 'other' | 'heartbeat' = 'other'): Ebd {
  return {
    ebdVersion: '1.0',
    ebdid: buildEbdid({ kind, sender: LECHANG_PLATFORM, sequence: seq }),
    src: { ebrid: LECHANG_PLATFORM },
    dest: { ebrid: SHAOGUAN_PLATFORM },
    ebdTime: bj('2024-06-18 08:30:00'),
    relatedEbdid: buildEbdid({ kind: 'other', sender: SHAOGUAN_PLATFORM, sequence: 77n }),
    body,
  };
}

function roundTrip(ebd: Ebd): string {
  const xml = encodeEbdXml(ebd);
  const back = decodeEbdXml(xml);
  assert.ok(back.ok, back.ok ? '' : back.message);
  assert.deepEqual(back.ebd, ebd);
  return xml;
}

describe('EBD bodies of GD/J 083', () => {
  it('EBMStateResponse: state, coverage, counts and per-resource results', () => {
    const xml = roundTrip(envelope({
      kind: 'EBMStateResponse',
      ebmStateResponse: {
        rptTime: bj('2024-06-18 08:30:00'),
        ebmid: floodEbm().ebmid,
        brdStateCode: 2,
        brdStateDesc: '播发中',
        coverage: { coverageRate: 0.875, areaCodes: TOWNS, resBrdStat: { platforms: 1, adapters: 3, devices: 3, terminals: 412 } },
        resBrdItems: TOWNS.map((t, i) => ({
          ebrps: LECHANG_PLATFORM,
          ebrbs: {
            ebrid: parseEbrid(`5${t}0314010101`),
            rptTime: bj('2024-06-18 08:29:50'),
            brdSysType: '0314',
            brdSysInfo: '应急广播大喇叭系统',
            startTime: bj('2024-06-18 08:00:03'),
            endTime: bj('2024-06-18 08:03:10'),
            fileUrl: `http://10.44.28.1:8080/rec/${i}.mp3`,
            brdStateCode: 3 as const,
            brdStateDesc: '播发成功',
          },
        })),
      },
    }, 2000n));
    assert.match(xml, /<Coverage>\s*<CoverageRate>0.875<\/CoverageRate>\s*<AreaCode>440281102000,440281103000,440281104000<\/AreaCode>\s*<ResBrdStat>1,3,3,412<\/ResBrdStat>/);
  });

  it('EBMStateResponse: reads "90%" coverage and a bare report', () => {
    const xml = encodeEbdXml(envelope({
      kind: 'EBMStateResponse',
      ebmStateResponse: { rptTime: bj('2024-06-18 08:30:00'), ebmid: floodEbm().ebmid, brdStateCode: 5, resBrdItems: [] },
    }, 2001n)).replace('</BrdStateCode>', '</BrdStateCode><Coverage><CoveragePercent>90%</CoveragePercent></Coverage>');
    const r = decodeEbdXml(xml);
    assert.ok(r.ok && r.ebd.body.kind === 'EBMStateResponse');
    assert.equal(r.ebd.body.ebmStateResponse.coverage?.coverageRate, 0.9);
    assert.equal(r.ebd.body.ebmStateResponse.brdStateCode, 5);
    assert.throws(
      () => encodeEbdXml(envelope({ kind: 'EBMStateResponse', ebmStateResponse: { rptTime: new Date(), ebmid: floodEbm().ebmid, brdStateCode: 3, coverage: { coverageRate: 87.5 }, resBrdItems: [] } }, 2002n)),
      /CoverageRate: 87.5 is not a fraction 0–1/,
    );
  });

  it('EBMStateRequest, EBDResponse and ConnectionCheck', () => {
    roundTrip(envelope({ kind: 'EBMStateRequest', ebmStateRequest: { ebmid: floodEbm().ebmid } }, 2003n));
    const receipt = roundTrip(envelope({ kind: 'EBDResponse', ebdResponse: { resultCode: 1, resultDesc: '已完成解析与验签' } }, 2004n));
    assert.match(receipt, /<RelatedEBD>\s*<EBDID>10344020000000001010101010000000000000077<\/EBDID>\s*<\/RelatedEBD>\s*<EBDResponse>\s*<ResultCode>1<\/ResultCode>/);
    const heartbeat = envelope({ kind: 'ConnectionCheck', connectionCheck: { rptTime: bj('2024-06-18 08:30:00') } }, 2005n, 'heartbeat');
    delete heartbeat.relatedEbdid;
    assert.match(roundTrip(heartbeat), /<EBDID>01444028100000001010101010000000000002005<\/EBDID>/);
    assert.throws(() => encodeEbdXml({ ...heartbeat, ebdid: buildEbdid({ kind: 'other', sender: LECHANG_PLATFORM, sequence: 2006n }) }), /ConnectionCheck needs type 01/);
  });
});
