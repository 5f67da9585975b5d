import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { ResultCode } from './codes.ts';
import { PLATFORM, REQUESTS, TERMINAL, fakeSigner, toHex } from './fixtures.ts';
import { decodeFrame, encodeFrame } from './frame.ts';
import { requestFrame } from './messages.ts';
import { FrameSplitter, type FramerEvent } from './stream.ts';

async function sampleFrames(): Promise<Uint8Array[]> {
  return [
    await encodeFrame(requestFrame(1, PLATFORM, [TERMINAL], REQUESTS[0]!)),
    await encodeFrame(requestFrame(2, PLATFORM, [TERMINAL], REQUESTS[5]!), fakeSigner().sign),
    await encodeFrame(requestFrame(3, PLATFORM, [TERMINAL], REQUESTS[3]!)),
  ];
}

const concat = (...parts: Uint8Array[]): Uint8Array => Uint8Array.from(parts.flatMap((p) => [...p]));

function feed(splitter: FrameSplitter, chunks: Uint8Array[]): FramerEvent[] {
  return chunks.flatMap((c) => splitter.push(c));
}

function framesOf(events: FramerEvent[]): string[] {
  return events.flatMap((e) => (e.kind === 'frame' ? [toHex(e.bytes)] : []));
}

describe('stream framer', () => {
  test('frames split at every possible byte boundary come out whole, in order', async () => {
    const frames = await sampleFrames();
    const stream = concat(...frames);
    for (let cut = 0; cut <= stream.length; cut++) {
      const events = feed(new FrameSplitter(), [stream.subarray(0, cut), stream.subarray(cut)]);
      assert.deepEqual(events.map((e) => e.kind), ['frame', 'frame', 'frame'], `cut at ${cut}`);
      assert.deepEqual(framesOf(events), frames.map(toHex), `cut at ${cut}`);
    }
  });

  test('every pair of cuts inside the first two frames, and byte by byte', async () => {
    const frames = await sampleFrames();
    const stream = concat(frames[0]!, frames[1]!);
    for (let a = 1; a < stream.length; a++) {
      for (let b = a; b < stream.length; b += 7) {
        const events = feed(new FrameSplitter(), [stream.subarray(0, a), stream.subarray(a, b), stream.subarray(b)]);
        assert.deepEqual(framesOf(events), [toHex(frames[0]!), toHex(frames[1]!)], `cuts at ${a}, ${b}`);
      }
    }
    const splitter = new FrameSplitter();
    const events = feed(splitter, [...stream].map((x) => Uint8Array.of(x)));
    assert.deepEqual(framesOf(events), [toHex(frames[0]!), toHex(frames[1]!)]);
    assert.equal(splitter.bufferedBytes, 0);
  });

  test('several frames in one chunk; each decodes', async () => {
    const frames = await sampleFrames();
    const events = new FrameSplitter().push(concat(...frames, ...frames));
    assert.equal(events.length, 6);
    for (const e of events) assert.ok(e.kind === 'frame' && decodeFrame(e.bytes).ok);
  });

  test('garbage before, between and after frames is skipped and counted, including false 0xFEFD headers', async () => {
    const [f1, f2] = await sampleFrames();
    const garbage = Uint8Array.of(0x00, 0xfe, 0xfe, 0xfd, 0x01, 0x00, 0xfe, 0x13);
    const events = new FrameSplitter().push(concat(garbage, f1!, garbage, f2!, Uint8Array.of(0x42)));
    assert.deepEqual(events.map((e) => e.kind), ['skipped', 'frame', 'skipped', 'frame', 'skipped']);
    assert.deepEqual(events.map((e) => (e.kind === 'skipped' ? e.byteCount : 0)), [8, 0, 8, 0, 1]);
  });

  test('a trailing 0xFE is kept: it may be the first half of a header', async () => {
    const [f1] = await sampleFrames();
    const splitter = new FrameSplitter();
    assert.deepEqual(splitter.push(Uint8Array.of(0x01, 0x02, 0xfe)), [{ kind: 'skipped', byteCount: 2 }]);
    assert.equal(splitter.bufferedBytes, 1);
    assert.deepEqual(framesOf(splitter.push(f1!.subarray(1))), [toHex(f1!)]);
  });

  test('an oversized length is refused at once, without buffering, and the real frame after it still arrives', async () => {
    const [f1] = await sampleFrames();
    const bomb = Uint8Array.of(0xfe, 0xfd, 0x01, 0x00, 0, 0, 0, 9, 1, 0, 0xff, 0xff);
    const splitter = new FrameSplitter({ maxFrameBytes: 4096 });
    const events = splitter.push(concat(bomb, f1!));
    assert.equal(events[0]!.kind, 'invalid');
    assert.ok(events[0]!.kind === 'invalid' && events[0]!.failure.code === ResultCode.ParseError && events[0]!.failure.sessionId === 9);
    assert.match(events[0]!.kind === 'invalid' ? events[0]!.failure.message : '', /declared length 65535 exceeds the limit of 4096/);
    assert.deepEqual(framesOf(events), [toHex(f1!)]);
    assert.equal(splitter.bufferedBytes, 0);
    assert.throws(() => new FrameSplitter({ maxFrameBytes: 10 }), /at least 33/);
  });

  test('a frame with a bad CRC is reported as 15 with its session id, and the next frame survives', async () => {
    const [f1, f2] = await sampleFrames();
    const damaged = f1!.slice();
    damaged[50]! ^= 0x04;
    const events = new FrameSplitter().push(concat(damaged, f2!));
    const invalid = events.find((e) => e.kind === 'invalid');
    assert.ok(invalid && invalid.kind === 'invalid');
    assert.equal(invalid.failure.code, ResultCode.CrcError);
    assert.equal(invalid.failure.sessionId, 1);
    assert.deepEqual(framesOf(events), [toHex(f2!)]);
  });

  test('a false header whose length swallows a real frame is resolved by the CRC check', async () => {
    const [f1, f2] = await sampleFrames();
    // Plausible header claiming 120 bytes: it covers f1 entirely; its CRC cannot match.
    const fake = Uint8Array.of(0xfe, 0xfd, 0x01, 0x00, 0, 0, 0, 7, 1, 0, 0, 120);
    const events = new FrameSplitter().push(concat(fake, f1!, f2!));
    assert.equal(events[0]!.kind, 'invalid');
    assert.deepEqual(framesOf(events), [toHex(f1!), toHex(f2!)]);
  });

  test('random garbage never throws and never grows the buffer past the limit', () => {
    const splitter = new FrameSplitter({ maxFrameBytes: 2048 });
    let seed = 3;
    for (let i = 0; i < 2000; i++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      const chunk = Uint8Array.from({ length: seed % 64 }, (_, k) => (k % 5 === 0 ? 0xfe : k % 5 === 1 ? 0xfd : (seed >> k) & 0xff));
      splitter.push(chunk);
      assert.ok(splitter.bufferedBytes <= 2048 + 64);
    }
  });
});
