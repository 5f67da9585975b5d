/**
 * An IP terminal that stops reading (a hung board, a link that only sends): the driver
 * must not buffer for it without bound. Past 64 unanswered commands (or 256 KiB unsent
 * in Node, beyond the kernel's buffers) it is dropped, reported
 * gone, and the terminals around it are not held up; when it comes back and says hello,
 * the broadcast it never read is sent again (as dispatch does after a hello) and it
 * plays it exactly once.
 *
 * Both shapes of the driver: connections in this process, and in gateway processes.
 * The stuck terminal is a raw socket that authenticates with a signed hello and then
 * never reads again; the kernel's buffers take some megabytes before the driver's own
 * buffer grows, so the test writes start frames naming many areas until the drop.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { SoftwareSigner } from '../../../../platform/crypto/index.ts';
import { BusinessType, FrameSplitter, TerminalState, decodeFrame, decodeResponse } from '../../terminal-protocol/index.ts';
import type { DriverProtocol } from '../driver.ts';
import type { StartCommand } from '../wire.ts';
import { createTcpDriver, type TcpDriver } from './driver.ts';
import { signedRequestBytes } from './frames.ts';
import { SimIpTerminal } from './sim-terminal.ts';
import { CENTER, PLATFORM_EBRID, RecordingSink, Registry, TOWN_A, platformSigner, startCmd, terminalIdentity, trust, until } from './fixtures.ts';

const VILLAGE = '440281001207';
const stuck = terminalIdentity(VILLAGE, 7);
const neighbour = terminalIdentity('440281001208', 8);
/** Area codes of no terminal, to make each start frame ~12 KB (2,000 targets). */
const FILLER = Array.from({ length: 1999 }, (_, i) => `44028190${String(i).padStart(4, '0')}`);
/** Far more than the kernel's socket buffers (4 MiB send + receive window) plus the driver's 256 KiB. */
const MAX_FRAMES = 3000;

/** Dispatch's part after a hello, for this test: send the terminal the start it has not played. */
class ResendingSink extends RecordingSink {
  missed = new Map<string, StartCommand>();
  driver: TcpDriver | null = null;
  override async hello(protocol: DriverProtocol, centerCode: string, ebrid: string): Promise<void> {
    await super.hello(protocol, centerCode, ebrid);
    const cmd = this.missed.get(ebrid);
    if (cmd && this.driver) await this.driver.toTerminal(centerCode, ebrid, { ...cmd, seq: cmd.seq + 100_000 }, platformSigner);
  }
}

for (const workers of [0, 2]) describe(workers ? `slow reader, connections in ${workers} gateway processes` : 'slow reader, connections in this process', () => {
  const registry = new Registry();
  const sink = new ResendingSink();
  let driver: TcpDriver;
  const sims: SimIpTerminal[] = [];
  let raw: net.Socket | null = null;

  /** Connects and authenticates like a terminal, then never reads again. */
  async function connectAndStopReading(): Promise<net.Socket> {
    const socket = net.connect({ host: '127.0.0.1', port: driver.port });
    socket.on('error', () => undefined);
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    const signer = new SoftwareSigner({ privateKeyHex: stuck.privateKeyHex, certSerial: stuck.certSerial });
    socket.write(await signedRequestBytes(1, stuck.ebrid, [], { type: BusinessType.Heartbeat, state: TerminalState.Idle, playingEbmId: null, volume: 50 }, signer));
    const splitter = new FrameSplitter();
    const result = await new Promise<number>((resolve) => {
      socket.on('data', (chunk: Buffer) => {
        for (const ev of splitter.push(chunk)) {
          if (ev.kind !== 'frame') continue;
          const d = decodeFrame(ev.bytes);
          const r = d.ok ? decodeResponse(d.frame.businessType, d.frame.content) : null;
          if (r?.ok) resolve(r.response.result);
        }
      });
    });
    assert.equal(result, 0, 'the hello is accepted');
    socket.removeAllListeners('data');
    socket.pause();
    return socket;
  }

  before(async () => {
    registry.add(stuck);
    registry.add(neighbour);
    driver = createTcpDriver({ host: '127.0.0.1', port: 0, lookupTerminal: registry.lookup, platformEbrid: () => PLATFORM_EBRID, workers });
    sink.driver = driver;
    await driver.start(sink);
  });

  after(async () => {
    raw?.destroy();
    await Promise.all(sims.map((s) => s.stop()));
    await driver.stop();
  });

  test('a terminal that stops reading is dropped and reported gone; back with a hello, it plays what it missed, once', async () => {
    raw = await connectAndStopReading();
    const near = new SimIpTerminal({ host: '127.0.0.1', port: driver.port, trust, ...neighbour });
    sims.push(near);
    await near.start();
    await until('both terminals are bound', () => sink.hellos.length === 2);

    // The broadcast, then re-sends of it to a long area list, until the driver gives up on the stuck terminal.
    const missed = startCmd(41, 1, 3, [TOWN_A]);
    sink.missed.set(stuck.ebrid, missed);
    await driver.toAreas({ centerCode: CENTER, areas: [TOWN_A] }, missed, platformSigner);
    let frames = 1;
    while (!sink.gones.includes(stuck.ebrid) && frames < MAX_FRAMES) {
      await driver.toAreas({ centerCode: CENTER, areas: [VILLAGE, ...FILLER] }, { ...missed, seq: missed.seq + frames }, platformSigner);
      frames++;
      // Let the socket's events in (the drop's 'close' among them).
      await new Promise((r) => setImmediate(r));
    }
    await until('the stuck terminal is reported gone', () => sink.gones.includes(stuck.ebrid));
    await driver.idle();
    assert.deepEqual(sink.gones, [stuck.ebrid], `dropped and reported gone (after ${frames} frames); nobody else`);
    assert.ok(frames <= 70, `dropped once 64 commands went unanswered, not after the kernel's megabytes (${frames} frames)`);

    // The neighbour kept reading and plays the broadcast.
    await until('the neighbour plays', () => near.current?.ebmid === missed.ebmid);
    assert.ok(near.connected, 'the neighbour is still connected');

    // The stuck terminal never read the start: it comes back (a fresh board, same identity) and says hello.
    const back = new SimIpTerminal({ host: '127.0.0.1', port: driver.port, trust, ...stuck });
    sims.push(back);
    await back.start();
    await until('the returning terminal plays the broadcast it missed', () => back.current?.ebmid === missed.ebmid);
    // Its answer is written as it starts playing; the driver reads it a moment later.
    await until('its playing ack reached the sink', () => sink.statesOf(stuck.ebrid, missed.ebmid).includes('playing'));
    await driver.idle();
    assert.deepEqual(back.plays.filter((e) => e === missed.ebmid), [missed.ebmid], 'played once');
    assert.equal(sink.hellos.filter((h) => h.ebrid === stuck.ebrid).length, 2, 'bound again after its hello');
  });
});
