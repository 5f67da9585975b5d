import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { AudioKind, decodeRequest, decodeResponse, encodeRequest, encodeResponse, type BusinessRequest, type StartBroadcastRequest } from './business.ts';
import { BusinessType, ResultCode, type DecodeFailure } from './codes.ts';
import { EBMID, PLATFORM, REQUESTS, RESPONSES, TERMINAL, fakeSigner, hex, toHex } from './fixtures.ts';
import { decodeFrame, encodeFrame } from './frame.ts';
import { decodeMessage, requestFrame, responseFrame } from './messages.ts';

const START = REQUESTS[0] as StartBroadcastRequest;

function refused(r: { ok: true } | DecodeFailure, code: number, pattern: RegExp): void {
  assert.equal(r.ok, false, 'expected a refusal');
  if (r.ok) return;
  assert.equal(r.code, code, r.message);
  assert.match(r.message, pattern);
}

/** The start-broadcast content with bytes replaced at `at`. */
function startWith(at: number, ...bytes: number[]): Uint8Array {
  const c = encodeRequest(START).content;
  c.set(bytes, at);
  return c;
}

describe('business contents', () => {
  test('every request round-trips through a signed frame, session id and all', async () => {
    let session = 100;
    for (const req of REQUESTS) {
      const bytes = await encodeFrame(requestFrame(++session, PLATFORM, [TERMINAL], req), fakeSigner().sign);
      const d = decodeFrame(bytes);
      assert.ok(d.ok, !d.ok ? d.message : '');
      assert.equal(d.frame.sessionId, session);
      assert.equal(d.frame.businessType, req.type);
      const m = decodeMessage(d.frame);
      assert.ok(m.ok && m.kind === 'request', !m.ok ? m.message : 'not a request');
      assert.deepEqual(m.request, req);
    }
  });

  test('every response round-trips, echoing the request session id and going back to its source', async () => {
    for (const res of RESPONSES) {
      const request = requestFrame(0xabcdef01, PLATFORM, [TERMINAL], REQUESTS.find((r) => r.type === res.type)!);
      const d = decodeFrame(await encodeFrame(responseFrame(request, TERMINAL, res)));
      assert.ok(d.ok, !d.ok ? d.message : '');
      assert.equal(d.frame.sessionId, 0xabcdef01);
      assert.equal(d.frame.packetType, 2);
      assert.equal(d.frame.source, TERMINAL);
      assert.deepEqual(d.frame.targets, [PLATFORM]);
      const m = decodeMessage(d.frame);
      assert.ok(m.ok && m.kind === 'response', !m.ok ? m.message : 'not a response');
      assert.deepEqual(m.response, res);
    }
  });

  test('a response must carry the business type of its request', () => {
    const request = requestFrame(1, PLATFORM, [TERMINAL], START);
    assert.throws(() => responseFrame(request, TERMINAL, RESPONSES[2]!), /response to business type 0x1 cannot carry type 0x2/);
  });

  test('the start-broadcast content layout is pinned', () => {
    assert.equal(
      toHex(encodeRequest(START).content),
      '44402810000000101010101202406010001F' + '04' + '02' + '10201F' + '50' + '665A6480' + '665A66D8' + '02' + '0015' + toHex(new TextEncoder().encode('http://10.0.0.2/a.mp3')),
    );
  });

  test('start broadcast: illegal values are 58, a missing URL 14, broken bytes 13', () => {
    refused(decodeRequest(0x01, startWith(18, 6)), ResultCode.IllegalContent, /broadcast type must be 1..5, got 6/);
    refused(decodeRequest(0x01, startWith(19, 0)), ResultCode.IllegalContent, /event level must be 1..4, got 0/);
    refused(decodeRequest(0x01, startWith(23, 101)), ResultCode.IllegalContent, /volume \(or 0xFF unchanged\) must be 0..100, got 101/);
    refused(decodeRequest(0x01, startWith(28, 0, 0, 0, 1)), ResultCode.IllegalContent, /end time 1 is before start time/);
    refused(decodeRequest(0x01, startWith(32, 4)), ResultCode.IllegalContent, /audio kind must be 1 .* got 4/);
    refused(decodeRequest(0x01, startWith(32, AudioKind.RtpMulticast)), ResultCode.IllegalContent, /RTP multicast URL must be rtp:\/\/group:port/);
    refused(decodeRequest(0x01, startWith(20, 0x1a)), ResultCode.ParseError, /event type: nibble 0xA/);
    refused(decodeRequest(0x01, startWith(35, 0xff)), ResultCode.ParseError, /audio URL: not valid UTF-8/);
    refused(decodeRequest(0x01, startWith(0, 0xff)), ResultCode.ParseError, /EBMID: digit after the 0xF padding/);
    const noUrl = encodeRequest(START).content.slice(0, 33);
    refused(decodeRequest(0x01, Uint8Array.of(...noUrl, 0, 0)), ResultCode.MissingParameter, /no audio URL/);
    refused(decodeRequest(0x01, noUrl), ResultCode.ParseError, /audio URL length: needs 2 byte/);
  });

  test('reading accepts udp:// for RTP multicast (field variant); writing insists on rtp://', () => {
    const udp: StartBroadcastRequest = { ...START, audio: { kind: AudioKind.RtpMulticast, url: 'udp://239.0.0.9:5004' } };
    assert.throws(() => encodeRequest(udp), /RTP multicast URL must be rtp:\/\/group:port/);
    const rtp = encodeRequest({ ...udp, audio: { ...udp.audio, url: 'rtp://239.0.0.9:5004' } }).content;
    const asUdp = Uint8Array.of(...rtp.subarray(0, 35), ...new TextEncoder().encode('udp://239.0.0.9:5004'));
    const r = decodeRequest(0x01, asUdp);
    assert.ok(r.ok && r.request.type === 0x01 && r.request.audio.url === 'udp://239.0.0.9:5004');
    assert.throws(() => encodeRequest({ ...START, audio: { kind: AudioKind.RtpMulticast, url: 'rtp://10.0.0.1:5004' } }), /224.0.0.0\/4/);
  });

  test('stop and heartbeat: EBMIDs must be whole; heartbeat state and volume in range', () => {
    refused(decodeRequest(0x02, new Uint8Array(18).fill(0xff)), ResultCode.MissingParameter, /EBMID is empty/);
    refused(decodeRequest(0x02, hex('44402810000000101010101202406010001F00')), ResultCode.ParseError, /1 unexpected byte/);
    refused(decodeRequest(0x02, hex('4440281000000010101010120240601000FF')), ResultCode.ParseError, /EBMID: 34 digits, expected 35/);
    const hb = encodeRequest(REQUESTS[3]!).content;
    refused(decodeRequest(0x10, Uint8Array.of(4, ...hb.subarray(1))), ResultCode.IllegalContent, /terminal state must be 1..3, got 4/);
    refused(decodeRequest(0x10, Uint8Array.of(...hb.subarray(0, 19), 0xff)), ResultCode.IllegalContent, /volume must be 0..100, got 255/);
    refused(decodeRequest(0x10, Uint8Array.of(2, ...hex('4440FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF'), 5)), ResultCode.ParseError, /playing EBMID: 4 digits/);
    refused(decodeRequest(0x11, Uint8Array.of(0)), ResultCode.ParseError, /unexpected byte/);
  });

  test('set parameters: empty is 14, a repeated tag or bad value 58, unknown tags are skipped and reported', () => {
    refused(decodeRequest(0x12, new Uint8Array(0)), ResultCode.MissingParameter, /carries no parameter/);
    refused(decodeRequest(0x12, hex('010001 32 010001 33')), ResultCode.IllegalContent, /tag 0x1 appears twice/);
    refused(decodeRequest(0x12, hex('010001 65')), ResultCode.IllegalContent, /volume must be 0..100, got 101/);
    refused(decodeRequest(0x12, hex('010002 3200')), ResultCode.ParseError, /parameter 0x1: 1 unexpected byte/);
    refused(decodeRequest(0x12, hex('040002 0000')), ResultCode.IllegalContent, /report period must be at least 1/);
    refused(decodeRequest(0x12, hex('010005 32')), ResultCode.ParseError, /parameter 0x1: needs 5 byte/);
    const network = encodeRequest(REQUESTS[6]!).content;
    const at = network.length - (3 + 1 + 12 + 2 + 2 + 'eb.lechang.example'.length); // the network TLV is last
    assert.equal(network[at], 0x05);
    const bad = network.slice();
    bad[at + 3] = 3;
    refused(decodeRequest(0x12, bad), ResultCode.IllegalContent, /addressing must be 1 \(DHCP\) or 2 \(static\), got 3/);
    const r = decodeRequest(0x12, hex('7F0003 AABBCC 010001 2A'));
    assert.ok(r.ok);
    assert.deepEqual(r.request, { type: 0x12, parameters: { volume: 42 }, unknownTags: [0x7f] });
  });

  test('certificate authorization: bare 64-byte keys are normalized, other keys are 52, an empty list 14', () => {
    const xy = Uint8Array.from({ length: 64 }, (_, i) => i + 1);
    const r = decodeRequest(0x17, Uint8Array.of(0, 1, ...hex('0102030405A6'), 0, 64, ...xy));
    assert.ok(r.ok && r.request.type === 0x17);
    assert.deepEqual(r.request.certificates, [{ serial: '0102030405A6', publicKey: Uint8Array.of(4, ...xy) }]);
    refused(decodeRequest(0x17, Uint8Array.of(0, 1, ...hex('0102030405A6'), 0, 33, 2, ...xy.subarray(0, 32))), ResultCode.IllegalCertificate, /0102030405A6: public key must be 65 bytes/);
    refused(decodeRequest(0x17, Uint8Array.of(0, 1, ...hex('0102030405A6'), 0, 65, 3, ...xy)), ResultCode.IllegalCertificate, /starting 0x04/);
    refused(decodeRequest(0x17, Uint8Array.of(0, 0)), ResultCode.MissingParameter, /lists no certificate/);
    assert.throws(() => encodeRequest({ type: 0x17, certificates: [{ serial: '12345', publicKey: Uint8Array.of(4, ...xy) }] }), /serial must be 12 hex digits/);
  });

  test('responses: an ok query needs its status (14), a bad status is 58, vendor result codes pass', () => {
    refused(decodeResponse(0x11, hex('00 0000')), ResultCode.MissingParameter, /carries no terminal status/);
    const okQuery = encodeResponse(RESPONSES[4]!).content;
    refused(decodeResponse(0x11, Uint8Array.of(...okQuery.subarray(0, 3), 9, ...okQuery.subarray(4))), ResultCode.IllegalContent, /terminal state must be 1..3, got 9/);
    const vendor = decodeResponse(0x01, hex('C8 0003 616263'));
    assert.ok(vendor.ok);
    assert.deepEqual(vendor.response, { type: 0x01, result: 200, description: 'abc' });
    refused(decodeResponse(0x01, hex('00 0000 00')), ResultCode.ParseError, /unexpected byte/);
    assert.throws(() => encodeResponse({ type: 0x11, result: 0, description: '', status: null }), /must carry the terminal status/);
  });

  test('an undefined business type is 13 both ways', () => {
    refused(decodeRequest(0x33, new Uint8Array(0)), ResultCode.ParseError, /business type 0x33 is not defined/);
    refused(decodeResponse(0x33, hex('00 0000')), ResultCode.ParseError, /business type 0x33 is not defined/);
  });

  test('writing is strict: illegal requests throw RangeError naming the field', () => {
    const bad: [BusinessRequest, RegExp][] = [
      [{ ...START, ebmId: EBMID.slice(1) }, /EBMID must be 35 decimal digits/],
      [{ ...START, eventType: '1020' }, /event type must be 5 decimal digits/],
      [{ ...START, volume: 254 }, /volume/],
      [{ ...START, startTime: -1 }, /start time must be 0..4294967295/],
      [{ ...START, audio: { kind: AudioKind.FileUrl, url: 'ftp://x/a.mp3' } }, /needs an http\(s\) URL/],
      [{ type: BusinessType.Heartbeat, state: 0, playingEbmId: null, volume: 1 }, /terminal state/],
      [{ type: BusinessType.SetParameters, parameters: {} }, /needs at least one parameter/],
      [{ type: BusinessType.SetParameters, parameters: { resourceCode: '123' } }, /resource code must be 23 decimal digits/],
      [{ type: BusinessType.SetParameters, parameters: { network: { addressing: 2, address: '10.0.0.256', netmask: '255.0.0.0', gateway: '10.0.0.1', platformHost: 'h', platformPort: 1 } } }, /network address must be a dotted IPv4/],
    ];
    for (const [req, pattern] of bad) assert.throws(() => encodeRequest(req), pattern);
  });

  test('decoders never throw, whatever the content', () => {
    let seed = 11;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const samples = [...REQUESTS.map((r) => encodeRequest(r).content), ...RESPONSES.map((r) => encodeResponse(r).content)];
    for (let i = 0; i < 5000; i++) {
      const base = samples[rand(samples.length)]!;
      const b = base.slice(0, rand(base.length + 2));
      for (let k = rand(4); k > 0 && b.length; k--) b[rand(b.length)] = rand(256);
      const type = [0x01, 0x02, 0x10, 0x11, 0x12, 0x17][rand(6)]!;
      assert.equal(typeof decodeRequest(type, b).ok, 'boolean');
      assert.equal(typeof decodeResponse(type, b).ok, 'boolean');
    }
  });
});
