/**
 * The raw-TCP floor for `npm run bench:eb`: a bare listener that terminals' stand-ins
 * connect to; on `{ type: 'go' }` it writes one 64-byte message to every connection and
 * reports when every reply has come back: what TCP alone costs, without framing,
 * signatures or a database.
 */
import net from 'node:net';

const sockets: net.Socket[] = [];
let waiting = 0;
let started = 0;
let resolveDone: (() => void) | null = null;
const server = net.createServer({ noDelay: true }, (s) => {
  s.once('data', () => sockets.push(s)); // the stand-in names itself first
  s.on('data', (d) => {
    if (!resolveDone || d.toString() !== 'R'.repeat(d.length)) return;
    waiting -= d.length;
    if (waiting <= 0) resolveDone();
  });
  s.on('error', () => undefined);
});
server.maxConnections = 30_000;
server.listen({ host: '0.0.0.0', port: 0, backlog: 4096 }, () => process.send!({ type: 'ready', port: (server.address() as net.AddressInfo).port }));
process.on('message', async (m: { type: string }) => {
  if (m.type === 'count') process.send!({ type: 'count', connected: sockets.length });
  if (m.type !== 'go') return;
  const payload = Buffer.alloc(64, 1);
  waiting = sockets.length;
  const done = new Promise<void>((r) => (resolveDone = r));
  started = performance.now();
  for (const s of sockets) s.write(payload);
  await done;
  process.send!({ type: 'done', ms: performance.now() - started, n: sockets.length });
  resolveDone = null;
});
process.on('disconnect', () => process.exit(0));
