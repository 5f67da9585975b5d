import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import {
  type AreaCode, areaContains, areaLevel, beijingDateStamp, buildEbdid, buildEbmid, buildEbrid, decodeEbdid,
  decodeEbmid, decodeEbrid, IdentifierError, isAreaCode, isEbrid, parentArea, parseAreaCode, parseEbdid, parseEbmid,
  parseEbrid, RESOURCE_SUBTYPE, RESOURCE_TYPE,
} from './ids.ts';

const LECHANG_PLATFORM = '44402810000000101010101';

describe('area codes', () => {
  it('reads levels and parents of real Lechang codes', () => {
    const rows = fs.readFileSync(new URL('../../../demo/lechang-areas.tsv', import.meta.url) /* the vendored copy of ../shared/data */, 'utf8')
      .trim().split('\n').slice(1).map((l) => l.split('\t') as [string, string, string, string]);
    assert.equal(rows.length, 245);
    for (const [code, name, level, parent] of rows) {
      const a = parseAreaCode(code);
      assert.equal(areaLevel(a), level, `${code} ${name}`);
      assert.equal(parentArea(a), parent, `${code} ${name}`);
    }
  });

  it('walks up to the nation', () => {
    const village = parseAreaCode('440281102201');
    assert.equal(areaLevel(village), 'village');
    const chain: (AreaCode | null)[] = [village];
    for (let a = parentArea(village); a; a = parentArea(a)) chain.push(a);
    assert.deepEqual(chain, ['440281102201', '440281102000', '440281000000', '440200000000', '440000000000', '000000000000']);
    assert.equal(areaContains(parseAreaCode('440281000000'), village), true);
    assert.equal(areaContains(parseAreaCode('440282000000'), village), false);
  });

  it('names what is wrong', () => {
    assert.throws(() => parseAreaCode('44028110200'), /AreaCode: expected 12 digits, got 11 characters/);
    assert.throws(() => parseAreaCode('44028110200x'), /non-digit "x" at position 12/);
    assert.throws(() => parseAreaCode('440281000001'), /village part \(001\) but no town part/);
    assert.throws(() => parseAreaCode(440281000000), /expected a string of 12 digits, got number/);
    assert.equal(isAreaCode('440281102000'), true);
    assert.equal(isAreaCode('4402811020000'), false);
  });
});

describe('EBRID', () => {
  it('decodes the Lechang county platform', () => {
    assert.deepEqual(decodeEbrid(LECHANG_PLATFORM), {
      level: 4, area: '440281000000', type: '0101', typeSeq: '01', subtype: '01', subtypeSeq: '01',
    });
  });

  it('builds what it decodes, zero-padding sequences', () => {
    const id = buildEbrid({ level: 4, area: '440281000000', type: RESOURCE_TYPE.platform, typeSeq: 1, subtype: RESOURCE_SUBTYPE.system, subtypeSeq: 1 });
    assert.equal(id, LECHANG_PLATFORM);
    const terminal = buildEbrid({ level: 6, area: '440281102201', type: RESOURCE_TYPE.loudspeakerSystem, typeSeq: 1, subtype: RESOURCE_SUBTYPE.terminal, subtypeSeq: 12 });
    assert.equal(terminal, '64402811022010314010412');
  });

  it('names what is wrong', () => {
    assert.throws(() => parseEbrid('74402810000000101010101'), /EBRID: level digit 7 .* is not 1–6/);
    assert.throws(() => parseEbrid('44402810000010101010101'), /area part .* village part \(001\) but no town part/);
    assert.throws(() => buildEbrid({ level: 4, area: '440281000000', type: '101', typeSeq: 1, subtype: '01', subtypeSeq: 1 }), /type "101" must be 4 digits/);
    assert.throws(() => buildEbrid({ level: 4, area: '440281000000', type: '0101', typeSeq: 100, subtype: '01', subtypeSeq: 1 }), /typeSeq 100 does not fit in 2 digits/);
    assert.equal(isEbrid(LECHANG_PLATFORM), true);
    assert.equal(isEbrid(`${LECHANG_PLATFORM}0`), false);
  });
});

describe('EBDID', () => {
  it('builds and decodes with a 16-digit sequence beyond 2^53', () => {
    const seq = 9_999_999_999_999_999n;
    const id = buildEbdid({ kind: 'other', sender: LECHANG_PLATFORM, sequence: seq });
    assert.equal(id, `10${LECHANG_PLATFORM}9999999999999999`);
    assert.deepEqual(decodeEbdid(id), { kind: 'other', sender: LECHANG_PLATFORM, sequence: seq });
    assert.equal(buildEbdid({ kind: 'heartbeat', sender: LECHANG_PLATFORM, sequence: 7 }), `01${LECHANG_PLATFORM}0000000000000007`);
  });

  it('names what is wrong', () => {
    assert.throws(() => parseEbdid(`11${LECHANG_PLATFORM}0000000000000001`), /type "11" .* neither 01 \(heartbeat\) nor 10/);
    assert.throws(() => parseEbdid(`10${LECHANG_PLATFORM}000000000000001`), /expected 41 digits, got 40/);
    assert.throws(() => buildEbdid({ kind: 'other', sender: LECHANG_PLATFORM, sequence: 10n ** 16n }), /sequence .* does not fit in 16 digits/);
    assert.throws(() => buildEbdid({ kind: 'other', sender: LECHANG_PLATFORM, sequence: 2 ** 60 }), /not a safe integer: pass a bigint/);
  });
});

describe('EBMID', () => {
  it('tells optional (0000) from mandatory messages', () => {
    const optional = buildEbmid({ platform: LECHANG_PLATFORM, date: '20240618', seq: 0 });
    assert.equal(optional, `${LECHANG_PLATFORM}202406180000`);
    assert.equal(decodeEbmid(optional).mandatory, false);
    const mandatory = decodeEbmid(`${LECHANG_PLATFORM}202406189999`);
    assert.deepEqual(mandatory, { platform: LECHANG_PLATFORM, date: '20240618', seq: 9999, mandatory: true });
  });

  it('dates a Date by its Beijing calendar day', () => {
    // 2024-06-17T16:30Z is 2024-06-18 00:30 in Beijing
    assert.equal(beijingDateStamp(new Date('2024-06-17T16:30:00Z')), '20240618');
    assert.equal(buildEbmid({ platform: LECHANG_PLATFORM, date: new Date('2024-06-17T15:59:59Z'), seq: 3 }).slice(23), '202406170003');
  });

  it('names what is wrong', () => {
    assert.throws(() => parseEbmid(`${LECHANG_PLATFORM}202402300001`), /date part "20240230" .* is not a calendar date/);
    assert.throws(() => buildEbmid({ platform: LECHANG_PLATFORM, date: '20240618', seq: 10000 }), /seq 10000 does not fit in 4 digits/);
    assert.throws(() => parseEbmid('1234'), (e: unknown) => e instanceof IdentifierError && e.kind === 'EBMID');
  });
});
