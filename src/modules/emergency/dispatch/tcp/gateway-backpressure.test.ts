/**
 * Gateways report acks without waiting for the platform while it keeps up; when it falls
 * behind (its sink does not finish), acks wait behind the unhandled batches. Either
 * way nothing is lost, nothing is reported twice, and each terminal's acks arrive in
 * the order it said them. Real gateway process, real TCP, simulated terminals.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Ack } from '../wire.ts';
import type { DriverProtocol } from '../driver.ts';
import { createTcpDriver, type TcpDriver } from './driver.ts';
import { SimIpTerminal } from './sim-terminal.ts';
import { CENTER, PLATFORM_EBRID, RecordingSink, Registry, TOWN_A, ebmid, platformSigner, startCmd, stopCmd, terminalIdentity, trust, until } from './fixtures.ts';

/** A sink whose acks take as long as the gate stays shut (a platform that fell behind). */
class GatedSink extends RecordingSink {
  #open: Promise<void> = Promise.resolve();
  #release: () => void = () => {};
  shut(): void {
    this.#open = new Promise((resolve) => (this.#release = resolve));
  }
  open(): void {
    this.#release();
  }
  override async ack(p: DriverProtocol, c: string, ebrid: string, ack: Ack): Promise<void> {
    await super.ack(p, c, ebrid, ack);
    await this.#open;
  }
}

const registry = new Registry();
const sink = new GatedSink();
const ids = [terminalIdentity('440281001211', 21), terminalIdentity('440281001212', 22)];
let driver: TcpDriver;
const sims: SimIpTerminal[] = [];

before(async () => {
  for (const id of ids) registry.add(id);
  driver = createTcpDriver({ host: '127.0.0.1', port: 0, lookupTerminal: registry.lookup, platformEbrid: () => PLATFORM_EBRID, workers: 1 });
  await driver.start(sink);
  for (const id of ids) sims.push(new SimIpTerminal({ host: '127.0.0.1', port: driver.port, trust, ...id }));
  await Promise.all(sims.map((s) => s.start()));
  await driver.idle();
});
after(async () => {
  await Promise.all(sims.map((s) => s.stop()));
  await driver.stop();
});

test('a platform that falls behind loses no ack and gets each terminal\'s acks once, in order', async () => {
  sink.shut();
  const expected: string[] = [];
  // Twelve commands, each answered in its own burst: far more batches than a gateway sends ahead.
  for (let n = 201; n <= 206; n++) {
    await driver.toAreas({ centerCode: CENTER, areas: [TOWN_A] }, startCmd(n, 1, 2, [TOWN_A]), platformSigner);
    await until(`both play ${n}`, () => sims.every((s) => s.current?.ebmid === ebmid(n)));
    await driver.toAreas({ centerCode: CENTER, areas: [TOWN_A] }, stopCmd(n), platformSigner);
    await until(`both stopped ${n}`, () => sims.every((s) => s.current === null && s.acksFor(ebmid(n)).some((a) => a.state === 'stopped')));
    expected.push(`${ebmid(n)}:playing`, `${ebmid(n)}:stopped`);
  }
  sink.open();
  await driver.idle();
  for (const id of ids) {
    const said = sink.acks.filter((a) => a.ebrid === id.ebrid && a.ack.ebmid !== null && expected.includes(`${a.ack.ebmid}:${a.ack.state}`)).map((a) => `${a.ack.ebmid}:${a.ack.state}`);
    assert.deepEqual(said, expected, `${id.ebrid}: every ack once, in order`);
  }
});
