/**
 * An IP-terminal gateway process (forked by gateway.ts): it holds the TCP connections
 * the platform's listener passes over, authenticates and answers terminals, and writes
 * the frames the platform signed. Registry lookups, the replay ledger of hellos and
 * everything terminals report go to the platform; a report batch is answered once the
 * platform has handled it, so a terminal's frames are still handled in order and
 * reading still pauses while the platform is behind. It exits with its parent.
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

/** Reports, batched per tick; every call of a batch gets the same promise, resolved when the platform handled the batch. */
let batch: { calls: SinkBatchItem[]; handled: Promise<void> } | null = null;
function report(call: SinkCall): Promise<void> {
  if (!batch) {
    let sent!: () => void;
    const b = { calls: [] as SinkBatchItem[], handled: new Promise<void>((resolve) => (sent = resolve)) };
    batch = b;
    setImmediate(() => {
      batch = null;
      void ask({ t: 'sink', id: nextId++, calls: b.calls }).then(() => sent());
    });
  }
  appendCall(batch.calls, call);
  return batch.handled;
}

const sink: TerminalSink = {
  hello: (_p, center, ebrid, at) => report({ k: 'hello', center, ebrid, at: at.getTime() }),
  ack: (_p, center, ebrid, ack) => report({ k: 'ack', center, ebrid, ack }),
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
      void (terminals?.idle() ?? Promise.resolve()).then(() => send({ t: 'answer', id: m.id, value: true }));
      return;
    case 'stop':
      void (terminals?.stop() ?? Promise.resolve()).then(() => {
        send({ t: 'answer', id: m.id, value: true });
        process.disconnect();
      });
      return;
  }
});

// The platform is gone: so are its terminals' connections (they reconnect to the next one).
process.on('disconnect', () => process.exit(0));
