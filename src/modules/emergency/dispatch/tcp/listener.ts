/** The platform's TCP listener for IP terminals (the in-process driver's and the gateways'). */
import net, { type Socket } from 'node:net';

/** Listens on host:port; `onSocket` gets every accepted socket, paused. */
export async function listen(opts: { host: string; port: number; maxConnections?: number }, onSocket: (socket: Socket) => void, onError: (err: Error) => void): Promise<net.Server> {
  const server = net.createServer({ noDelay: true, keepAlive: true, keepAliveInitialDelay: 60_000, pauseOnConnect: true }, onSocket);
  server.maxConnections = opts.maxConnections ?? 25_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // A deep accept backlog (the kernel caps it at somaxconn): terminals reconnect all at once after an outage.
    server.listen(opts.port, opts.host, 4096, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', onError);
  return server;
}
