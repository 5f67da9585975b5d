import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BusinessType, ResultCode, decodeFrame, decodeResponse } from '../../terminal-protocol/index.ts';
import { Responder, responseBytes } from './frames.ts';
import { withSessionId } from '../../terminal-protocol/index.ts';

const EBRID = '64402810000000314010101';
const OTHER = '64402811030000314010207';

test('a response from a template is byte for byte the one encoded afresh, for any session id and any sender', () => {
  const templates = new Responder(EBRID);
  const other = new Responder(OTHER);
  const cases: [number, number, number, string][] = [
    [1, BusinessType.StartBroadcast, ResultCode.Ok, ''],
    [0xffffffff, BusinessType.StartBroadcast, ResultCode.Ok, ''],
    [0x12345678, BusinessType.StopBroadcast, ResultCode.Ok, ''],
    [77, BusinessType.StartBroadcast, ResultCode.IllegalCertificate, 'BAD_SIGNATURE'],
    [78, BusinessType.Query, ResultCode.Busy, 'FAULT'],
    [79, BusinessType.StartBroadcast, ResultCode.Ok, ''],
    [80, BusinessType.StartBroadcast, ResultCode.Ok, 'PREEMPTED'], // same type and result, another description
    [81, BusinessType.StopBroadcast, ResultCode.IllegalCertificate, 'BAD_SIGNATURE'], // same description, another type
  ];
  for (const [sessionId, type, result, description] of cases) {
    const fromTemplate = templates.bytes(sessionId, type, result, description);
    assert.deepEqual(fromTemplate, Buffer.from(responseBytes(sessionId, type, EBRID, null, result, description)));
    assert.deepEqual(other.bytes(sessionId, type, result, description), Buffer.from(responseBytes(sessionId, type, OTHER, null, result, description)), 'another sender, the same template');
    const d = decodeFrame(fromTemplate);
    assert.ok(d.ok);
    assert.equal(d.frame.sessionId, sessionId);
    const r = decodeResponse(d.frame.businessType, d.frame.content);
    assert.ok(r.ok);
    assert.equal(r.response.result, result);
  }
  // Each answer is its own copy: writing one does not change the next.
  const a = templates.bytes(5, BusinessType.StartBroadcast, ResultCode.Ok, '');
  const b = templates.bytes(6, BusinessType.StartBroadcast, ResultCode.Ok, '');
  assert.notEqual(a[7], b[7]);
});

test('a signed frame cannot be given another session id (its signature covers it)', () => {
  const signedLooking = responseBytes(1, BusinessType.StartBroadcast, EBRID, null, ResultCode.Ok, '');
  signedLooking[9] = 1;
  assert.throws(() => withSessionId(signedLooking, 2), RangeError);
  assert.throws(() => withSessionId(responseBytes(1, BusinessType.StartBroadcast, EBRID, null, ResultCode.Ok, ''), 2 ** 32), RangeError);
  assert.throws(() => withSessionId(responseBytes(1, BusinessType.StartBroadcast, EBRID, null, ResultCode.Ok, ''), 2, new Uint8Array(11)), RangeError, 'a source is 12 BCD bytes');
});
