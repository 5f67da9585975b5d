/**
 * The simulated IP terminal verifies every command frame as a real terminal must. The
 * platform here is a bare TCP server written in the test, so forged frames can be sent.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net, { type Socket } from 'node:net';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CertificateTrustList, generateKeyPair, SoftwareSigner, verifySignatureValue, type Signer } from '../../../../platform/crypto/index.ts';
import { BusinessType, FrameSplitter, PacketType, ResultCode, crc32, decodeFrame, decodeRequest, decodeResponse, encodeFrame, requestFrame, type DecodedFrame } from '../../terminal-protocol/index.ts';
import { requestOf } from './commands.ts';
import { responseBytes } from './frames.ts';
import { SimIpTerminal, type SimIpTerminalOptions } from './sim-terminal.ts';
import { PLATFORM_EBRID, TOWN_A, TOWN_B, ebmid, platformSigner, startCmd, stopCmd, terminalIdentity, trust, until } from './fixtures.ts';
import type { Command } from '../wire.ts';

/** A platform that answers heartbeats and records everything a terminal sends. */
class BarePlatform {
  readonly server = net.createServer((s) => this.#accept(s));
  socket: Socket | null = null;
  readonly received: DecodedFrame[] = [];
  readonly raw: Uint8Array[] = [];
  #accept(s: Socket): void {
    this.socket = s;
    const splitter = new FrameSplitter();
    s.on('data', (chunk: Buffer) => {
      for (const ev of splitter.push(chunk)) {
        if (ev.kind !== 'frame') continue;
        const d = decodeFrame(ev.bytes);
        if (!d.ok) continue;
        this.received.push(d.frame);
        this.raw.push(ev.bytes);
        if (d.frame.packetType === PacketType.Request) s.write(responseBytes(d.frame.sessionId, d.frame.businessType, PLATFORM_EBRID, d.frame.source, 0, ''));
      }
    });
  }
  get port(): number {
    return (this.server.address() as net.AddressInfo).port;
  }
  /** Sends `bytes` and resolves with the terminal's answer to that session id. */
  async ask(bytes: Uint8Array, sessionId: number, ms = 3000): Promise<{ businessType: number; result: number; description: string }> {
    const seen = this.received.length;
    this.socket!.write(bytes);
    let answer: DecodedFrame | undefined;
    await until(`answer to ${sessionId}`, () => (answer = this.received.slice(seen).find((f) => f.packetType === PacketType.Response && f.sessionId === sessionId)) !== undefined, ms);
    const r = decodeResponse(answer!.businessType, answer!.content);
    assert.ok(r.ok);
    return { businessType: answer!.businessType, result: r.response.result, description: r.response.description };
  }
}

const platform = new BarePlatform();
const dir = await mkdtemp(path.join(tmpdir(), 'sim-ip-'));
const me = terminalIdentity('440281001201', 1);
const sims: SimIpTerminal[] = [];
async function connect(more: Partial<SimIpTerminalOptions> = {}): Promise<SimIpTerminal> {
  const s = new SimIpTerminal({ host: '127.0.0.1', port: platform.port, trust, ...me, ...more });
  sims.push(s);
  await s.start();
  return s;
}
/** A command frame; `sign` false sends it unsigned. */
function frame(cmd: Command, signer: Signer | null = platformSigner, opts: { sigTime?: Date; targets?: string[] } = {}): Promise<Uint8Array> {
  const f = requestFrame(cmd.seq, PLATFORM_EBRID, opts.targets ?? [TOWN_A], requestOf(cmd));
  return encodeFrame(f, signer ? (b) => signer.sign(b, opts.sigTime) : undefined);
}
const answer = async (cmd: Command, bytes?: Uint8Array) => platform.ask(bytes ?? (await frame(cmd)), cmd.seq);
const short = (a: { result: number; description: string }) => `${a.result}:${a.description}`;

before(() => new Promise<void>((r) => platform.server.listen(0, '127.0.0.1', r)));
after(async () => {
  await Promise.all(sims.map((s) => s.stop()));
  await new Promise((r) => platform.server.close(r));
  await rm(dir, { recursive: true, force: true });
});

test('it says hello with a heartbeat signed by its own key', async () => {
  const sim = await connect();
  const hello = platform.received[0]!;
  assert.equal(hello.businessType, BusinessType.Heartbeat);
  assert.equal(hello.source, me.ebrid);
  const d = decodeFrame(platform.raw[0]!);
  assert.ok(d.ok && d.signature);
  const mine = new CertificateTrustList();
  mine.add(me.certSerial, { publicKeyHex: me.publicKeyHex, subject: me.ebrid, validFrom: new Date('2020-01-01'), validTo: new Date('2099-01-01') });
  assert.equal(verifySignatureValue(d.signedBytes, d.signature.value, mine).ok, true);
  await sim.stop();
});

test('forged, damaged, stale, replayed, expired and misaddressed frames get the right result code; the good one plays', async () => {
  const sim = await connect();
  const good = startCmd(1, 1, 2, [TOWN_A]);
  assert.equal(short(await answer(good)), '0:');
  assert.equal(sim.current?.ebmid, ebmid(1));

  const other = generateKeyPair();
  const impostor = new SoftwareSigner({ privateKeyHex: other.privateKeyHex, certSerial: platformSigner.certSerial });
  const stranger = new SoftwareSigner({ privateKeyHex: other.privateKeyHex, certSerial: '0000000000AA' });
  const expired = (n: number) => startCmd(n, 1, 1, [TOWN_A], { start: new Date(Date.now() - 9000).toISOString(), end: new Date(Date.now() - 1000).toISOString() });
  const cases: Array<[Command, (cmd: Command) => Promise<Uint8Array>, string]> = [
    [startCmd(3, 1, 1, [TOWN_A]), (cmd) => frame(cmd, null), '52:UNSIGNED'],
    [startCmd(4, 1, 1, [TOWN_A]), (cmd) => frame(cmd, impostor), '52:BAD_SIGNATURE'],
    [startCmd(5, 1, 1, [TOWN_A]), (cmd) => frame(cmd, stranger), '52:UNKNOWN_CERTIFICATE'],
    [startCmd(6, 1, 1, [TOWN_A]), (cmd) => frame(cmd, platformSigner, { sigTime: new Date(Date.now() - 400_000) }), '52:STALE'],
    [startCmd(7, 1, 1, [TOWN_A]), (cmd) => frame(cmd, platformSigner, { sigTime: new Date(Date.now() + 400_000) }), '52:FROM_THE_FUTURE'],
    [startCmd(8, 1, 1, [TOWN_A]), (cmd) => frame(cmd, platformSigner, { targets: [TOWN_B] }), '59:NOT_ADDRESSED'],
    [startCmd(9, 1, 1, [TOWN_A], { seq: good.seq }), (cmd) => frame(cmd), '52:REPLAYED'],
    [expired(10), (cmd) => frame(cmd), '58:EXPIRED'],
  ];
  for (const [cmd, make, expected] of cases) assert.equal(short(await answer(cmd, await make(cmd))), expected, `broadcast ${cmd.ebmid.slice(-2)}`);

  const two = startCmd(2, 1, 1, [TOWN_A]);
  const flipped = await frame(two);
  flipped[60]! ^= 1; // the event level
  const recrc = flipped.slice();
  new DataView(recrc.buffer).setUint32(recrc.length - 4, crc32(recrc, 0, recrc.length - 4));
  assert.deepEqual(await platform.ask(flipped, two.seq), { businessType: BusinessType.Heartbeat, result: ResultCode.CrcError, description: `CRC32 mismatch in a ${flipped.length}-byte frame` }, 'a bit flip is caught by the CRC');
  assert.equal(short(await platform.ask(recrc, two.seq)), '52:BAD_SIGNATURE', 'with the CRC fixed, by the signature');
  assert.equal(sim.current?.ebmid, ebmid(1), 'still plays the genuine one');
  const stop = stopCmd(1);
  assert.equal(short(await answer(stop)), '0:');
  assert.equal(short(await answer(good)), '52:REPLAYED', 'the original start, replayed after its stop');
  await sim.stop();
});

test('a preemption is answered 0 and followed at once by a heartbeat naming the new broadcast', async () => {
  const sim = await connect();
  assert.equal(short(await answer(startCmd(11, 3, 1, [TOWN_A]))), '0:');
  const real = startCmd(12, 1, 4, [TOWN_A]);
  const seen = platform.received.length;
  assert.equal(short(await answer(real)), '0:');
  await until('heartbeat', () => platform.received.slice(seen).some((f) => f.businessType === BusinessType.Heartbeat && f.packetType === PacketType.Request));
  const hb = platform.received.slice(seen).find((f) => f.businessType === BusinessType.Heartbeat)!;
  const r = decodeRequest(hb.businessType, hb.content);
  assert.ok(r.ok && r.request.type === BusinessType.Heartbeat && r.request.playingEbmId === ebmid(12));
  assert.equal(short(await answer(startCmd(13, 3, 1, [TOWN_A]))), '73:BUSY_HIGHER_PRIORITY');
  assert.deepEqual(sim.acksFor(ebmid(11)).map((a) => `${a.state}:${a.reason ?? ''}`), ['playing:', 'queued:PREEMPTED']);
  await sim.stop();
});

test('clock offset, latency and faults', async () => {
  const ahead = await connect({ clockOffsetMs: 400_000 });
  assert.equal(short(await answer(startCmd(21, 1, 2, [TOWN_A]))), '52:STALE', 'a terminal whose clock is ahead sees a fresh frame as stale');
  await ahead.stop();
  const slow = await connect({ latencyMs: 250 });
  const t0 = Date.now();
  assert.equal(short(await answer(stopCmd(21))), '0:');
  assert.ok(Date.now() - t0 >= 240);
  await slow.stop();
  const broken = await connect({ fault: 'state' });
  assert.equal(short(await answer(startCmd(22, 1, 2, [TOWN_A]))), '31:FAULT');
  await broken.stop();
  const silent = await connect({ fault: 'silent' });
  const cmd = startCmd(23, 1, 2, [TOWN_A]);
  await assert.rejects(platform.ask(await frame(cmd), cmd.seq, 300), /timed out/);
  await silent.stop();
});

test('with a state file, a restarted terminal still refuses what it accepted before', async () => {
  const stateFile = path.join(dir, 'terminal.json');
  const first = await connect({ stateFile });
  const cmd = startCmd(31, 1, 2, [TOWN_A]);
  assert.equal(short(await answer(cmd)), '0:');
  assert.equal(short(await answer(stopCmd(31))), '0:');
  await first.stop();
  const saved = JSON.parse(await readFile(stateFile, 'utf8')) as { finished: string[] };
  assert.ok(saved.finished.includes(ebmid(31)));
  await connect({ stateFile });
  assert.equal(short(await answer(cmd)), '52:REPLAYED', 'the finished broadcast');
  assert.equal(short(await answer({ ...startCmd(32, 1, 2, [TOWN_A]), seq: cmd.seq })), '52:REPLAYED', 'its session id');
});
