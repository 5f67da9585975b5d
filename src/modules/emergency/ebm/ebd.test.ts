import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import { decodeEbdXml, type Ebd, encodeEbdXml } from './ebd.ts';
import { buildEbdid, buildEbmid, parseEbdid } from './ids.ts';
import { bj, floodEbd, floodEbm, LECHANG_PLATFORM, SHAOGUAN_PLATFORM } from './test-fixtures.ts';
import { XmlWriteError } from './xml.ts';

const golden = fs.readFileSync(new URL('./fixtures/flood-warning.ebd.xml', import.meta.url), 'utf8');

function decoded(xml: string | Uint8Array): Ebd {
  const r = decodeEbdXml(xml);
  assert.ok(r.ok, r.ok ? '' : `${r.resultCode}: ${r.message}`);
  return r.ebd;
}

function refused(xml: string | Uint8Array, code: 2 | 3, message: RegExp): void {
  const r = decodeEbdXml(xml);
  assert.equal(r.ok, false);
  if (r.ok) return;
  assert.equal(r.resultCode, code, r.message);
  assert.match(r.message, message);
}

describe('EBD codec: level-II flood warning for three Lechang towns', () => {
  it('writes the golden XML exactly', () => {
    assert.equal(encodeEbdXml(floodEbd()), golden);
  });

  it('reads the golden XML back, from text and from bytes', () => {
    assert.deepEqual(decoded(golden), floodEbd());
    assert.deepEqual(decoded(Buffer.from(`\uFEFF${golden}`, 'utf8')), floodEbd());
  });

  it('reads GBK bytes when the declaration says GB2312 (older field systems)', () => {
    const ascii = golden.replace('encoding="UTF-8"', 'encoding="GB2312"').replace(/[^\x00-\x7f]+/g, 'x');
    const [head, tail] = ascii.split('<SenderName>x</SenderName>') as [string, string];
    const gb = Buffer.concat([Buffer.from(`${head}<SenderName>`), Buffer.from([0xc0, 0xd6, 0xb2, 0xfd]), Buffer.from(`</SenderName>${tail}`)]);
    const ebd = decoded(gb);
    assert.ok(ebd.body.kind === 'EBM');
    assert.equal(ebd.body.ebm.basicInfo.senderName, '乐昌');
    refused(Buffer.from([...Buffer.from(golden.slice(0, 300)), 0xff, 0xfe, ...Buffer.from(golden.slice(300))]), 2, /not valid text/);
  });
});

describe('EBD codec: lenient reading', () => {
  it('ignores unknown elements, odd whitespace, prefixes, case and field-system aliases', () => {
    const messy = `<?xml version="1.0" encoding="utf-8"?>
<!-- sent by a vendor system -->
<ebd:EBD xmlns:ebd="urn:vendor:ebd" xmlns:xs="http://www.w3.org/2001/XMLSchema">
\t<EBDVersion>  1.0 </EBDVersion>
\t<EBDID>
\t\t${floodEbd().ebdid}
\t</EBDID>
\t<EBDType>EBM</EBDType><VendorTrace>abc</VendorTrace>
\t<SRC><EBRID> ${LECHANG_PLATFORM}</EBRID><URL>http://10.44.28.1:8080/ebd</URL><EBRName>乐昌</EBRName></SRC>
\t<DEST><EBRID>44402810000000314010101</EBRID></DEST>
\t<EBDTime>2024/06/18 07:58:05</EBDTime>
\t<RelatedEBD><EBDID></EBDID></RelatedEBD>
\t<EBM><EBMVersion>1.0</EBMVersion><EBMID>${floodEbm().ebmid}</EBMID>
\t\t<msgbasicinfo><MsgType>1</MsgType><SenderName>乐昌市三防指挥部</SenderName><SenderCode>440281000000SF</SenderCode>
\t\t\t<SentTime>2024-06-18 07:58:00</SentTime><EventType>10101</EventType><Severity> 2 </Severity>
\t\t\t<StartTime>2024-06-18T08:00:00</StartTime><EndTime>2024-06-18 20:00</EndTime><LinkTypeSel>0</LinkTypeSel></msgbasicinfo>
\t\t<MsgContent><MsgTitle>乐昌市洪水橙色预警</MsgTitle>
\t\t\t<MsgDesc><![CDATA[ 武江 <水位> 上涨 & 转移 ]]></MsgDesc>
\t\t\t<AreaCode>440281102000， 440281103000;440281104000,</AreaCode>
\t\t\t<Auxiliary><AuxiliaryType>2</AuxiliaryType><AuxiliaryDesc>a.mp3</AuxiliaryDesc><Size></Size><Digest>${'AB'.repeat(32)}</Digest></Auxiliary>
\t\t</MsgContent>
\t</EBM>
</ebd:EBD>`;
    const ebd = decoded(messy.replace(/\n/g, '\r\n'));
    assert.equal(ebd.ebdTime.getTime(), bj('2024-06-18 07:58:05').getTime());
    assert.equal(ebd.relatedEbdid, undefined, 'an empty optional element counts as absent');
    assert.ok(ebd.body.kind === 'EBM');
    const ebm = ebd.body.ebm;
    assert.equal(ebm.basicInfo.sendTime.getTime(), bj('2024-06-18 07:58:00').getTime());
    assert.equal(ebm.basicInfo.severity, 2);
    assert.equal(ebm.basicInfo.endTime.getTime(), bj('2024-06-18 20:00:00').getTime());
    const c = ebm.contents[0];
    assert.equal(c?.languageCode, 'zho', 'missing LanguageCode defaults to zho');
    assert.equal(c?.msgDesc, '武江 <水位> 上涨 & 转移');
    assert.deepEqual(c?.areaCodes, ['440281102000', '440281103000', '440281104000']);
    assert.deepEqual(c?.auxiliaries, [{ auxiliaryType: 2, auxiliaryDesc: 'a.mp3', digest: 'ab'.repeat(32) }]);
  });

  it('decodes predefined and numeric character references', () => {
    const xml = golden.replace('<MsgTitle>乐昌市洪水橙色预警</MsgTitle>', '<MsgTitle>&#x4E50;&#26124; &lt;洪水&gt; &amp;amp; &quot;橙色&quot;</MsgTitle>');
    const ebd = decoded(xml);
    assert.ok(ebd.body.kind === 'EBM');
    assert.equal(ebd.body.ebm.contents[0]?.msgTitle, '乐昌 <洪水> &amp; "橙色"');
  });

  it('passes unknown and unimplemented EBDTypes through', () => {
    const xml = golden.replace('<EBDType>EBM</EBDType>', '<EBDType>EBRPSInfo</EBDType>')
      .replace(/<EBM>[\s\S]*<\/EBM>/, '<EBRPSInfo><Params><RptStartTime>2024-06-18 00:00:00</RptStartTime></Params><EBRPS><EBRID>1</EBRID></EBRPS></EBRPSInfo>');
    const ebd = decoded(xml);
    assert.equal(ebd.body.kind, 'opaque');
    const again = decoded(encodeEbdXml(ebd));
    assert.deepEqual(again, ebd);
    const future = decoded(golden.replace('<EBDType>EBM</EBDType>', '<EBDType>EBFutureThing</EBDType>'));
    assert.ok(future.body.kind === 'opaque' && future.body.ebdType === 'EBFutureThing' && !future.body.element);
  });
});

describe('EBD codec: refusals never throw', () => {
  it('names a missing required field with ResultCode 3', () => {
    refused(golden.replace(/<SenderName>.*<\/SenderName>/, ''), 3, /EBD\/EBM\/MsgBasicInfo\/SenderName is missing/);
    refused(golden.replace(/<DEST>[\s\S]*?<\/DEST>/, ''), 3, /EBD\/DEST is missing/);
    refused(golden.replace(/<EBM>[\s\S]*<\/EBM>/, ''), 3, /EBD\/EBM is missing/);
    refused(golden.replace('<MsgDesc>', '<MsgDesc>   ').replace(/<MsgDesc>[^<]*<\/MsgDesc>/, '<MsgDesc> </MsgDesc>'), 3, /MsgContent\/MsgDesc is missing/);
  });

  it('names a malformed field with ResultCode 2', () => {
    refused(golden.replace('<Severity>2</Severity>', '<Severity>7</Severity>'), 2, /Severity "7" is not valid: expected one of 0, 1, 2, 3, 4/);
    refused(golden.replace('<EBDTime>2024-06-18 07:58:05', '<EBDTime>2024-02-30 07:58:05'), 2, /EBD\/EBDTime .* expected a time/);
    refused(golden.replace('440281103000,', '44028110300,'), 2, /AreaCode .* expected 12 digits/);
    refused(golden.replace('<EBDID>10', '<EBDID>11'), 2, /EBDID .* neither 01 \(heartbeat\) nor 10/);
  });

  it('refuses DOCTYPE (entity expansion), oversized input, broken and foreign XML with ResultCode 2', () => {
    const laughs = `<?xml version="1.0"?><!DOCTYPE EBD [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><EBD><EBDVersion>&b;</EBDVersion></EBD>`;
    refused(laughs, 2, /DOCTYPE/);
    refused(golden.replace('<EBD>', '<!DOCTYPE EBD SYSTEM "file:///etc/passwd"><EBD>'), 2, /DOCTYPE/);
    refused(`${golden}<!-- ${'x'.repeat(9 * 1024 * 1024)} -->`, 2, /over the limit/);
    assert.equal(decodeEbdXml(golden, { maxBytes: 1000 }).ok, false);
    refused(golden.replace('</MsgContent>', ''), 2, /not well-formed/);
    refused('<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"/>', 2, /root element is alert/);
    refused('', 2, /empty/);
    refused(`${'<a>'.repeat(200)}${'</a>'.repeat(200)}`, 2, /./);
  });

  it('survives truncation and byte noise', () => {
    const bytes = Buffer.from(golden, 'utf8');
    for (let n = 0; n < bytes.length; n += 7) assert.doesNotThrow(() => decodeEbdXml(bytes.subarray(0, n)));
    let seed = 42;
    for (let i = 0; i < 300; i++) {
      const noisy = Buffer.from(bytes);
      for (let k = 0; k < 5; k++) {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        noisy[seed % noisy.length] = seed & 0xff;
      }
      const r = decodeEbdXml(noisy);
      assert.ok(r.ok || r.resultCode === 2 || r.resultCode === 3);
    }
  });
});

describe('EBD codec: cancel', () => {
  it('writes and reads a cancel whose RelatedInfo names the original', () => {
    const original = floodEbm();
    const cancel = floodEbd();
    const ebm = {
      ...floodEbm(),
      ebmid: buildEbmid({ platform: LECHANG_PLATFORM, date: '20240618', seq: 2 }),
      related: { ebmid: original.ebmid },
      basicInfo: { ...original.basicInfo, msgType: 2 as const, sendTime: bj('2024-06-18 09:10:00') },
      contents: [],
      dispatches: [],
    };
    cancel.ebdid = buildEbdid({ kind: 'other', sender: LECHANG_PLATFORM, sequence: 1025n });
    cancel.body = { kind: 'EBM', ebm };
    const xml = encodeEbdXml(cancel);
    assert.match(xml, /<RelatedInfo>\s*<EBMID>44402810000000101010101202406180001<\/EBMID>\s*<\/RelatedInfo>\s*<MsgBasicInfo>\s*<MsgType>2<\/MsgType>/);
    assert.deepEqual(decoded(xml), cancel);

    const orphan = { ...ebm };
    delete (orphan as { related?: unknown }).related;
    assert.throws(() => encodeEbdXml({ ...cancel, body: { kind: 'EBM', ebm: orphan } }), /RelatedInfo\/EBMID: a cancel \(MsgType 2\) must name the original/);
    refused(xml.replace(/<RelatedInfo>[\s\S]*?<\/RelatedInfo>/, ''), 3, /RelatedInfo\/EBMID is missing: a cancel must name the original/);
  });
});

describe('EBD codec: strict writing', () => {
  const writeFails = (mutate: (e: Ebd) => void, message: RegExp): void => {
    const e = floodEbd();
    mutate(e);
    assert.throws(() => encodeEbdXml(e), (err: unknown) => err instanceof XmlWriteError && message.test(err.message));
  };
  const ebmOf = (e: Ebd) => (e.body.kind === 'EBM' ? e.body.ebm : assert.fail('not an EBM'));

  it('refuses what a peer would refuse, naming the field', () => {
    writeFails((e) => { e.src.ebrid = SHAOGUAN_PLATFORM; }, /EBD\/EBDID: sender .* is not SRC\/EBRID/);
    writeFails((e) => { e.ebdid = parseEbdid(`01${e.ebdid.slice(2)}`); }, /EBDID: type 01 is for heartbeats, not EBM/);
    writeFails((e) => { ebmOf(e).basicInfo.endTime = bj('2024-06-18 07:00:00'); }, /EndTime: must be after StartTime/);
    writeFails((e) => { delete ebmOf(e).contents[0]?.auxiliaries[0]?.digest; }, /Auxiliary\[1\]\/Digest: is required for a file/);
    writeFails((e) => { (ebmOf(e).contents[0] as { msgTitle: string }).msgTitle = 'bell \u0007'; }, /MsgTitle: contains U\+0007/);
    writeFails((e) => { ebmOf(e).basicInfo.eventType = '1010'; }, /EventType: "1010" is not a 5-digit/);
    writeFails((e) => { e.src.url = 'ftp://x'; }, /SRC\/URL: "ftp:\/\/x" is not an http\(s\) URL/);
  });
});
