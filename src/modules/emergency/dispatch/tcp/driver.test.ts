/**
 * The IP-terminal driver on a real TCP listener (127.0.0.1, any port) with simulated IP
 * terminals and a recording sink: in-process, and with the connections held by two
 * gateway processes (what a county with more than ~20,000 IP terminals runs).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import { generateKeyPair, SoftwareSigner } from '../../../../platform/crypto/index.ts';
import { BusinessType, TerminalState, decodeFrame, decodeResponse, encodeFrame, requestFrame } from '../../terminal-protocol/index.ts';
import { childPids } from '../../../../../test/helpers/processes.ts';
import { createTcpDriver, type TcpDriver } from './driver.ts';
import { signedRequestBytes } from './frames.ts';
import { SimIpTerminal, type SimIpTerminalOptions } from './sim-terminal.ts';
import {
  CENTER, PLATFORM_EBRID, RecordingSink, Registry, TOWN_A, TOWN_B, ebmid, platformSigner, startCmd, stopCmd, terminalIdentity, trust, until,
  type TerminalIdentity,
} from './fixtures.ts';

for (const workers of [0, 2]) describe(workers ? `IP driver, connections in ${workers} gateway processes` : 'IP driver, connections in this process', () => {
  const registry = new Registry();
  const sink = new RecordingSink();
  const a1 = terminalIdentity('440281001201', 1);
  const a2 = terminalIdentity('440281001202', 2);
  const b1 = terminalIdentity('440281103201', 3);
  let driver: TcpDriver;
  const sims: SimIpTerminal[] = [];

  function sim(id: TerminalIdentity, more: Partial<SimIpTerminalOptions> = {}): SimIpTerminal {
    const s = new SimIpTerminal({ host: '127.0.0.1', port: driver.port, trust, ...id, ...more });
    sims.push(s);
    return s;
  }
  const target = (...areas: string[]) => ({ centerCode: CENTER, areas });

  /** Writes `bytes` on a fresh connection; resolves with the first answer's result and description, and whether the driver closed it. */
  function exchange(bytes: Uint8Array): Promise<{ result: number | null; description: string; closed: boolean }> {
    return new Promise((resolve) => {
      const s = net.connect({ host: '127.0.0.1', port: driver.port }, () => s.write(bytes));
      let got = Buffer.alloc(0);
      s.on('data', (c: Buffer) => (got = Buffer.concat([got, c])));
      s.on('error', () => undefined);
      s.on('close', () => {
        const d = decodeFrame(got);
        const r = d.ok ? decodeResponse(d.frame.businessType, d.frame.content) : null;
        resolve(r?.ok ? { result: r.response.result, description: r.response.description, closed: true } : { result: null, description: '', closed: true });
      });
    });
  }

  /** The gateway processes this test process forked. */
const gatewayPids = () => childPids(process.pid, 'gateway-worker');

/** Random bytes without 0xFE, so no false header can make the framer wait for a long frame. */
  const noise = (n: number) => Buffer.from(randomBytes(n).map((b) => (b === 0xfe ? 0 : b)));
  const heartbeat = { type: BusinessType.Heartbeat, state: TerminalState.Idle, playingEbmId: null, volume: 50 } as const;
  const signerOf = (id: TerminalIdentity) => new SoftwareSigner({ privateKeyHex: id.privateKeyHex, certSerial: id.certSerial });

  before(async () => {
    for (const t of [a1, a2, b1]) registry.add(t);
    driver = createTcpDriver({ host: '127.0.0.1', port: 0, lookupTerminal: registry.lookup, platformEbrid: () => PLATFORM_EBRID, workers });
    await driver.start(sink);
    await Promise.all([sim(a1), sim(a2), sim(b1)].map((s) => s.start()));
  });
  after(async () => {
    await Promise.all(sims.map((s) => s.stop()));
    await driver.stop();
  });

  test('registered terminals are bound after a signed hello and reported to the sink', async () => {
    await driver.idle();
    assert.deepEqual(sink.hellos.map((h) => `${h.protocol}:${h.centerCode}:${h.ebrid}`).sort(), [a1, a2, b1].map((t) => `ip:${CENTER}:${t.ebrid}`).sort());
    assert.ok(driver.port > 0);
  });

  test('first frames that do not authenticate are answered with their result code and closed', async () => {
    const stranger = terminalIdentity('440281001203', 4);
    await assert.rejects(sim(stranger).start(), { code: 59, reason: 'UNKNOWN_TERMINAL' });
    const impostor = terminalIdentity('440281001204', 5);
    registry.add({ ...impostor, publicKeyHex: generateKeyPair().publicKeyHex });
    await assert.rejects(sim(impostor).start(), { code: 52, reason: 'BAD_SIGNATURE' });
    const late = terminalIdentity('440281001205', 6);
    registry.add(late);
    await assert.rejects(sim(late, { clockOffsetMs: -400_000 }).start(), { code: 52, reason: 'STALE' });

    const unsigned = await encodeFrame(requestFrame(7, late.ebrid, [], heartbeat));
    assert.deepEqual(await exchange(unsigned), { result: 52, description: 'UNSIGNED', closed: true });
    const damaged = unsigned.slice();
    damaged[30]! ^= 0x10;
    assert.equal((await exchange(damaged)).result, 15, 'a damaged first frame: CRC error');
    const hello = await signedRequestBytes(8, late.ebrid, [], heartbeat, signerOf(late));
    const notHeartbeat = await signedRequestBytes(9, late.ebrid, [], { type: BusinessType.Query }, signerOf(late));
    assert.equal((await exchange(notHeartbeat)).result, 58);
    const first = net.connect({ host: '127.0.0.1', port: driver.port }, () => first.write(hello));
    await until('the genuine hello is bound', () => sink.hellos.some((h) => h.ebrid === late.ebrid));
    assert.deepEqual(await exchange(hello), { result: 52, description: 'REPLAYED', closed: true }, 'a captured hello opens no second session');
    first.destroy();
    await until('the closed one is gone', () => sink.gones.includes(late.ebrid));
  });

  test('a start to a town reaches exactly its terminals; answers become playing and stopped acks', async () => {
    const [s1, s2, s3] = sims;
    await driver.toAreas(target(TOWN_A), startCmd(1, 1, 2, [TOWN_A]), platformSigner);
    await until('both terminals of the town play', () => s1!.current?.ebmid === ebmid(1) && s2!.current?.ebmid === ebmid(1));
    await until('the sink heard both', () => sink.statesOf(a2.ebrid, ebmid(1)).length === 1 && sink.statesOf(a1.ebrid, ebmid(1)).length === 1);
    assert.deepEqual(sink.statesOf(a1.ebrid, ebmid(1)), ['playing']);
    assert.deepEqual(s3!.acks, [], 'the terminal in the other town got nothing');
    assert.equal(s3!.answers.length, 0);
    await driver.toAreas(target(TOWN_A), stopCmd(1), platformSigner);
    await until('stopped', () => sink.statesOf(a1.ebrid, ebmid(1)).length === 2 && sink.statesOf(a2.ebrid, ebmid(1)).length === 2);
    assert.deepEqual(sink.statesOf(a2.ebrid, ebmid(1)), ['playing', 'stopped']);
    assert.equal(s1!.current, null);
  });

  test('preemption and queueing are reported: PREEMPTED, BUSY_HIGHER_PRIORITY, then playing on resume', async () => {
    const t = target(TOWN_B);
    const states = (n: number) => sink.statesOf(b1.ebrid, ebmid(n));
    const send = async (c: Parameters<TcpDriver['toAreas']>[1], n: number, count: number) => {
      await driver.toAreas(t, c, platformSigner);
      await until(`broadcast ${n} has ${count} ack(s)`, () => states(n).length >= count);
      await driver.idle();
    };
    await send(startCmd(2, 3, 1, [TOWN_B]), 2, 1); // a drill
    await send(startCmd(3, 1, 3, [TOWN_B]), 3, 1); // a real warning takes over
    assert.deepEqual(states(2), ['playing', 'queued:PREEMPTED']);
    assert.deepEqual(states(3), ['playing']);
    await send(startCmd(4, 1, 3, [TOWN_B]), 4, 1); // equal: waits
    assert.deepEqual(states(4), ['queued:BUSY_HIGHER_PRIORITY']);
    await send(stopCmd(3), 4, 2);
    assert.deepEqual(states(3), ['playing', 'stopped']);
    assert.deepEqual(states(4), ['queued:BUSY_HIGHER_PRIORITY', 'playing'], 'the queued real one resumes, reported by heartbeat');
    await send(stopCmd(4), 2, 3);
    assert.deepEqual(states(2), ['playing', 'queued:PREEMPTED', 'playing']);
    await send(stopCmd(2), 2, 4);
    assert.equal(sims[2]!.current, null);
  });

  test('commands a terminal cannot accept come back rejected with the reason', async () => {
    const other = generateKeyPair();
    const rogue = new SoftwareSigner({ privateKeyHex: other.privateKeyHex, certSerial: '0000000000AA' });
    const forged = new SoftwareSigner({ privateKeyHex: other.privateKeyHex, certSerial: platformSigner.certSerial });
    await driver.toAreas(target(TOWN_B), startCmd(5, 1, 1, [TOWN_B]), rogue);
    await driver.toAreas(target(TOWN_B), startCmd(6, 1, 1, [TOWN_B]), forged);
    const eight = startCmd(8, 1, 1, [TOWN_B]);
    await driver.toAreas(target(TOWN_B), eight, platformSigner);
    await until('8 plays', () => sink.statesOf(b1.ebrid, ebmid(8)).length === 1); // answers are matched by session id: one at a time
    await driver.toAreas(target(TOWN_B), startCmd(9, 1, 1, [TOWN_B], { seq: eight.seq }), platformSigner);
    await driver.toAreas(target(TOWN_B), startCmd(10, 1, 1, [TOWN_B], { end: new Date(Date.now() - 1000).toISOString(), start: new Date(Date.now() - 9000).toISOString() }), platformSigner);
    await until('four answers', () => [5, 6, 9, 10].every((n) => sink.statesOf(b1.ebrid, ebmid(n)).length > 0));
    assert.deepEqual([5, 6, 9, 10].map((n) => sink.statesOf(b1.ebrid, ebmid(n))), [['rejected:UNKNOWN_CERTIFICATE'], ['rejected:BAD_SIGNATURE'], ['rejected:REPLAYED'], ['rejected:EXPIRED']]);
    assert.deepEqual(sink.statesOf(b1.ebrid, ebmid(8)), ['playing']);
    await driver.toAreas(target(TOWN_B), stopCmd(8), platformSigner);
    await until('stopped', () => sink.statesOf(b1.ebrid, ebmid(8)).length === 2);
  });

  test('toTerminal reaches one bound terminal; after it disconnects gone() is reported and toTerminal returns false', async () => {
    const s = sims[1]!;
    assert.equal(await driver.toTerminal(CENTER, a2.ebrid, startCmd(11, 1, 2, [TOWN_A]), platformSigner), true);
    await until('plays', () => s.current?.ebmid === ebmid(11));
    assert.equal(sims[0]!.acksFor(ebmid(11)).length, 0, 'only that terminal');
    await s.stop();
    await until('gone', () => sink.gones.includes(a2.ebrid));
    assert.equal(await driver.toTerminal(CENTER, a2.ebrid, stopCmd(11), platformSigner), false);
    assert.equal(await driver.toTerminal('elsewhere', a1.ebrid, stopCmd(11), platformSigner), false, 'another center never reaches it');
    await s.start();
    await until('hello again', () => sink.hellos.filter((h) => h.ebrid === a2.ebrid).length === 2);
    await until('reports what it still plays', () => sink.statesOf(a2.ebrid, ebmid(11)).length === 2);
    assert.equal(await driver.toTerminal(CENTER, a2.ebrid, stopCmd(11), platformSigner), true);
    await until('stopped', () => s.current === null);
  });

  test('garbage bytes: a stranger sending them is closed, a bound terminal resynchronizes, the listener keeps serving', async () => {
    assert.deepEqual(await exchange(noise(4096)), { result: null, description: '', closed: true });
    const s = sims[0]!;
    // Noise, a header with an impossible packet type, more noise: skipped byte by byte.
    s.writeRaw(Buffer.concat([noise(300), Buffer.from([0xfe, 0xfd, 0x01, 0x00, 0, 0, 0, 1, 0x07, 0, 0, 60]), noise(40)]));
    assert.equal((await s.heartbeat()).result, 0, 'a heartbeat after the garbage is answered');
    const again = terminalIdentity('440281001206', 7);
    registry.add(again);
    await sim(again).start();
    await until('hello', () => sink.hellos.some((h) => h.ebrid === again.ebrid));
  });

  test('a second connection of the same terminal replaces the first without reporting it gone', async () => {
    const goneBefore = sink.gones.length;
    const twin = sim(a1);
    await twin.start();
    await until('the old connection is closed', () => !sims[0]!.connected);
    await driver.idle();
    assert.equal(sink.gones.length, goneBefore);
    assert.equal(await driver.toTerminal(CENTER, a1.ebrid, startCmd(12, 1, 2, [TOWN_A]), platformSigner), true);
    await until('the new connection plays it', () => twin.current?.ebmid === ebmid(12));
  });

  test('one sweep closes connections that never say hello and bound ones that fall silent (then gone)', async () => {
    const quick = createTcpDriver({ host: '127.0.0.1', port: 0, lookupTerminal: registry.lookup, platformEbrid: () => PLATFORM_EBRID, workers, helloTimeoutSeconds: 0.2, silentAfterSeconds: 0.6, sweepSeconds: 0.1 });
    const quiet = new RecordingSink();
    await quick.start(quiet);
    try {
      const mute = net.connect({ host: '127.0.0.1', port: quick.port });
      const closed = new Promise((r) => mute.once('close', r));
      mute.on('error', () => undefined);
      await closed;
      const id = terminalIdentity('440281001207', 8);
      registry.add(id);
      const s = new SimIpTerminal({ host: '127.0.0.1', port: quick.port, trust, ...id });
      await s.start();
      await until('silent terminal dropped and reported gone', () => quiet.gones.includes(id.ebrid), 3000);
      assert.equal(s.connected, false);
    } finally {
      await quick.stop();
    }
  });

  if (workers) test('a gateway process that dies is replaced; its terminals are reported gone, reconnect and are reached again', async () => {
    const children = gatewayPids();
    assert.equal(children.length, workers, 'one process per gateway');
    const fleet = [10, 11, 12, 13].map((n) => terminalIdentity(`4402811032${n}`, 20 + n));
    for (const id of fleet) registry.add(id);
    const sims4 = fleet.map((id) => sim(id, { reconnectMs: 100 }));
    await Promise.all(sims4.map((s) => s.start()));
    const hellos = (ebrid: string) => sink.hellos.filter((h) => h.ebrid === ebrid).length;
    await until('all four said hello', () => fleet.every((id) => hellos(id.ebrid) === 1));
    const gonesBefore = sink.gones.length;
    process.kill(children[0]!, 'SIGKILL');
    // The replacement is forked after the lost terminals are reported gone.
    await until('a new gateway replaced it', () => gatewayPids().length === workers && !gatewayPids().includes(children[0]!));
    const lost = sink.gones.slice(gonesBefore);
    assert.ok(fleet.some((id) => lost.includes(id.ebrid)), 'some of the four were on the killed gateway');
    await until('every lost terminal said hello again', () => fleet.every((id) => !lost.includes(id.ebrid) || hellos(id.ebrid) >= 2));
    await driver.idle();
    await driver.toAreas(target(TOWN_B), startCmd(30, 1, 1, [TOWN_B]), platformSigner);
    await until('all four play', () => sims4.every((s) => s.current?.ebmid === ebmid(30)));
    await driver.toAreas(target(TOWN_B), stopCmd(30), platformSigner);
    await until('all stopped', () => sims4.every((s) => s.current === null));
  });
});
