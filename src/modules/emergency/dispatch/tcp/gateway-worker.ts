/**
 * An IP-terminal gateway process (forked by gateway.ts): it holds the TCP connections
 * the platform's listener passes over, authenticates and answers terminals, and writes
 * the frames the platform signed. Registry lookups, the replay ledger of hellos and
 * everything terminals report go to the platform, in order, batched per tick; a batch
 * is answered once the platform has handled it. A hello, a departure or a liveness
 * report waits for that answer (its connection's later frames wait with it); an ack does
 * not, while the platform keeps up (a few batches in flight at most): then a burst of
 * thousands costs no promise per ack, and the platform still handles each terminal's
 * reports in order (the channel keeps them in order). When it falls behind, acks wait
 * too, and reading pauses. It exits with its parent.
 */
import type { Socket } from 'node:net';
import { pino } from 'pino';
import type { TerminalSink } from '../driver.ts';
import { appendCall, type FromGateway, type LookedUp, type SinkBatchItem, type SinkCall, type ToGateway } from './gateway-ipc.ts';
import { createTcpTerminals, type TcpTerminals } from './terminals.ts';

if (!process.send) throw new Error('gateway-worker.ts runs as a child process of the platform (tcp/gateway.ts)');

const send = (m: FromGateway): void => {
  process.send!(m);
};
let nextId = 1;
const waiting = new Map<number, (m: ToGateway) => void>();
function ask(m: FromGateway & { id: number }): Promise<ToGateway> {
  return new Promise((resolve) => {
    waiting.set(m.id, resolve);
    send(m);
  });
}

/** center code → the platform EBRID its frames come from (learnt with each lookup). */
const platformOf = new Map<string, string>();

/** Batches sent and not yet handled by the platform past which acks wait for them too. */
const BATCHES_AHEAD = 4;
/** Reports, batched per tick; every call of a batch gets the same promise, resolved when the platform handled the batch. */
let batch: { calls: SinkBatchItem[]; handled: Promise<void> } | null = null;
/** Batches made and not yet handled by the platform. */
const unhandled = new Set<Promise<void>>();
function report(call: SinkCall): Promise<void> {
  if (!batch) {
    let sent!: () => void;
    const b = { calls: [] as SinkBatchItem[], handled: new Promise<void>((resolve) => (sent = resolve)) };
    batch = b;
    unhandled.add(b.handled);
    void b.handled.then(() => unhandled.delete(b.handled));
    setImmediate(() => {
      batch = null;
      void ask({ t: 'sink', id: nextId++, calls: b.calls }).then(() => sent());
    });
  }
  appendCall(batch.calls, call);
  return batch.handled;
}

/** Everything reported so far handled by the platform (for `idle`: acks that did not wait count too). */
async function reportsHandled(): Promise<void> {
  while (unhandled.size > 0) await Promise.all(unhandled);
}

const sink: TerminalSink = {
  hello: (_p, center, ebrid, at) => report({ k: 'hello', center, ebrid, at: at.getTime() }),
  ack: (_p, center, ebrid, ack) => {
    const handled = report({ k: 'ack', center, ebrid, ack });
    return unhandled.size > BATCHES_AHEAD ? handled : undefined;
  },
  gone: (_p, center, ebrid, at) => report({ k: 'gone', center, ebrid, at: at.getTime() }),
  seen: (_p, center, ebrids, at) => report({ k: 'seen', center, ebrids, at: at.getTime() }),
};

let terminals: TcpTerminals | null = null;
/** Sockets passed before init was handled (cannot happen in order, but never drop one). */
const early: Socket[] = [];

process.on('message', (m: ToGateway, handle?: unknown) => {
  switch (m.t) {
    case 'init': {
      const logger = pino({ level: m.settings.logLevel, base: { gateway: process.pid } }, pino.destination(2));
      terminals = createTcpTerminals({
        ...m.settings,
        logger,
        platformEbrid: (center) => platformOf.get(center) ?? '0'.repeat(23),
        async lookupTerminal(ebrid) {
          const answer = await ask({ t: 'lookup', id: nextId++, ebrid });
          if (answer.t !== 'looked-up' || answer.error) throw new Error(answer.t === 'looked-up' ? answer.error : 'no lookup answer');
          const found: LookedUp = answer.terminal ?? null;
          if (found) platformOf.set(found.centerCode, found.platformEbrid);
          return found;
        },
        hellos: {
          async accept(ebrid, sigTime, sessionId) {
            const answer = await ask({ t: 'claim', id: nextId++, ebrid, sigTime, sessionId });
            return answer.t === 'claimed' && answer.accepted;
          },
        },
      });
      terminals.start(sink);
      for (const s of early.splice(0)) terminals.adopt(s);
      send({ t: 'ready' });
      return;
    }
    case 'conn':
      if (handle) (terminals ? terminals.adopt(handle as Socket) : early.push(handle as Socket));
      return;
    case 'looked-up':
    case 'claimed':
    case 'recorded': {
      const resolve = waiting.get(m.id);
      waiting.delete(m.id);
      resolve?.(m);
      return;
    }
    case 'areas':
      void terminals?.deliver(m.center, m.areas, m.cmd, m.sessionId, async () => m.bytes);
      return;
    case 'one':
      void (terminals?.deliverTo(m.center, m.ebrid, m.cmd, m.sessionId, async () => m.bytes) ?? Promise.resolve(false))
        .then((value) => send({ t: 'answer', id: m.id, value }));
      return;
    case 'drop':
      terminals?.drop(m.center, m.ebrid);
      return;
    case 'idle':
      void (terminals?.idle() ?? Promise.resolve()).then(reportsHandled).then(() => send({ t: 'answer', id: m.id, value: true }));
      return;
    case 'stop':
      void (terminals?.stop() ?? Promise.resolve()).then(reportsHandled).then(() => {
        send({ t: 'answer', id: m.id, value: true });
        process.disconnect();
      });
      return;
  }
});

// The platform is gone: so are its terminals' connections (they reconnect to the next one).
process.on('disconnect', () => process.exit(0));
