/**
 * The GD/J 089 appendix-D IP terminal driver: a TCP listener that IP loudspeaker
 * terminals connect to and keep connected. Wire choices (ours where the standard is open):
 *
 * - Authentication: the FIRST frame must be a heartbeat (0x10 request) signed with the
 *   terminal's registered certificate, fresh (±maxSkewSeconds) and newer than its last
 *   accepted hello (auth.ts). Anything else is answered with the result code (59 unknown
 *   terminal, 52 unsigned / bad signature / wrong certificate / replayed, 58 not a
 *   heartbeat; the description names the reason) and the connection is closed. The
 *   GD/J 089 back channel carries only a CRC32, so the authenticated connection is bound
 *   to that EBRID: later frames count only if they come over it and name it as source.
 * - Commands: start (0x01) / stop (0x02) request frames, session id = the command's seq,
 *   signed by the platform's Signer (commands.ts has the field mapping). toAreas signs ONE
 *   frame per call whose targets are the 12-digit area codes (GD/J 089 allows several
 *   targets and area codes) and writes the same bytes to every bound connection of the
 *   center inside those areas (a terminal's area is EBRID digits 1..12): one SM2 signature
 *   costs ~0.9 ms here, 20,000 per-terminal signatures would take ~18 s, one takes 1 ms.
 *   toTerminal signs a frame addressed to that terminal's EBRID.
 * - Answers: a response is matched by (connection, session id). 0 → playing / stopped,
 *   73 → queued BUSY_HIGHER_PRIORITY, other codes → rejected. When a start is answered 0
 *   while the terminal played another EBMID, that one is reported queued / PREEMPTED.
 * - Heartbeats are answered (result 0, unsigned) and keep the connection alive; a change
 *   of the playing EBMID is a report: A→B reports A queued / PREEMPTED and B playing,
 *   A→none reports A stopped / ENDED, none→B reports B playing. Terminals send a
 *   heartbeat at once when what they play changes without a command (resume, end).
 * - Scale: one sweep timer (no per-connection timers) closes connections that did not
 *   authenticate within helloTimeoutSeconds or stayed silent silentAfterSeconds; reading
 *   pauses while a connection's frames wait for the sink; a terminal that does not read
 *   (more than 256 KiB unsent) is dropped, it gets what it missed after its next hello.
 *   Garbage bytes are skipped by the FrameSplitter; before the hello they close the connection.
 * - Processes: one process may hold at most ~20,000 open files here. With `workers` > 0
 *   the listener stays in the platform process and passes each accepted socket to one of
 *   that many gateway processes (gateway.ts), which hold the connections; frames are
 *   still signed once per area list, in the platform, and written by every gateway.
 * - Measured (2-core test machine, terminals as raw sockets in the same process, 5,000
 *   terminals): an authenticated connect costs ~13 ms CPU (SM2 key preparation ~6.4 ms,
 *   cached per serial, + verification ~6.6 ms), so a cold storm of 20,000 takes ~4 min
 *   of CPU, interleaved with other work; ~5 KiB per connection; a start to all 5,000 is
 *   signed and written in 0.1 s and acked by all in 0.5 s.
 */
import type { AddressInfo, Server } from 'node:net';
import type { TerminalDriver } from '../driver.ts';
import { requestOf, sessionIdOf } from './commands.ts';
import { forEachAreaFrame, signedRequestBytes } from './frames.ts';
import { createGatewayDriver } from './gateway.ts';
import { listen } from './listener.ts';
import { createTcpTerminals, type TcpTerminalsOptions } from './terminals.ts';

export interface TcpDriverOptions extends TcpTerminalsOptions {
  host: string;
  /** 0 = any free port (read it from `driver.port` after start). */
  port: number;
  /** Default 25,000 per process that holds connections. */
  maxConnections?: number;
  /** Gateway processes that hold the connections; 0 (default) = this process holds them. */
  workers?: number;
}

export type TcpDriver = TerminalDriver & { readonly port: number };

export function createTcpDriver(opts: TcpDriverOptions): TcpDriver {
  if ((opts.workers ?? 0) > 0) return createGatewayDriver(opts);
  const terminals = createTcpTerminals(opts);
  let server: Server | null = null;
  return {
    protocol: 'ip',
    get port() {
      return (server?.address() as AddressInfo | null)?.port ?? opts.port;
    },
    async start(sink) {
      terminals.start(sink);
      server = await listen(opts, (socket) => terminals.adopt(socket), (err) => opts.logger?.error({ err }, 'IP terminal listener error'));
    },
    async toAreas(target, cmd, signer) {
      await forEachAreaFrame(target, cmd, signer, opts.platformEbrid(target.centerCode),
        (areas, sessionId, frame) => terminals.deliver(target.centerCode, areas, cmd, sessionId, frame));
    },
    async toTerminal(centerCode, ebrid, cmd, signer) {
      const sessionId = sessionIdOf(cmd);
      return terminals.deliverTo(centerCode, ebrid, cmd, sessionId, () => signedRequestBytes(sessionId, opts.platformEbrid(centerCode), [ebrid], requestOf(cmd), signer));
    },
    idle: () => terminals.idle(),
    async stop() {
      const closed = server ? new Promise<void>((resolve) => server!.close(() => resolve())) : Promise.resolve();
      await terminals.stop();
      await closed;
    },
  };
}
