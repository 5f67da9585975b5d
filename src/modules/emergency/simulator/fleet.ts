/**
 * A fleet of simulated terminals spread over several processes (one process may hold
 * at most ~20,000 open files here, and a loaded event loop would measure itself).
 * `startFleet` forks the workers, splits the terminals between them, and collects
 * what every terminal said, with timestamps, for live counts and benchmarks.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
// Thousands of terminals answer in one burst: the gateways' young generation lets its garbage die young here too.
import { BURST_V8_FLAGS } from '../dispatch/tcp/gateway.ts';
import type { FleetEvent, FleetOptions, FleetTerminal, VerifyStats } from './types.ts';

export interface Fleet {
  started: number;
  failed: number;
  errors: string[];
  /** Everything terminals said since the previous call (all processes). */
  collect(): Promise<{ events: FleetEvent[]; verify: VerifyStats }>;
  /** How many terminals said `state` about `ebmid` so far (cheap: no events cross over, so a benchmark can poll it while it measures). */
  count(ebmid: string, state: string): Promise<number>;
  stop(): Promise<void>;
}

const WORKER = fileURLToPath(new URL('./fleet-worker.ts', import.meta.url));

function ask<T>(child: ChildProcess, message: object, reply: string, ms = 120_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`fleet worker did not answer "${reply}" within ${ms} ms`)), ms);
    const onMessage = (m: { type: string }) => {
      if (m.type !== reply) return;
      clearTimeout(timer);
      child.off('message', onMessage);
      resolve(m as T);
    };
    child.on('message', onMessage);
    child.send(message);
  });
}

/** Starts `terminals` in `processes` worker processes; resolves when every terminal has connected (or failed to). */
export async function startFleet(terminals: FleetTerminal[], options: FleetOptions & { processes?: number }): Promise<Fleet> {
  const processes = Math.max(1, Math.min(options.processes ?? Math.ceil(terminals.length / 5000), terminals.length || 1));
  const children = Array.from({ length: processes }, () => fork(WORKER, [], { execArgv: ['--import', 'tsx', ...BURST_V8_FLAGS], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
  const shares = children.map((_, i) => terminals.filter((__, j) => j % processes === i));
  const { processes: _drop, ...spec } = options;
  const answers = await Promise.all(children.map((c, i) =>
    ask<{ started: number; failed: number; errors: string[] }>(c, { type: 'init', spec: { ...spec, terminals: shares[i] } }, 'started', 600_000)));
  return {
    started: answers.reduce((n, a) => n + a.started, 0),
    failed: answers.reduce((n, a) => n + a.failed, 0),
    errors: answers.flatMap((a) => a.errors).slice(0, 5),
    async collect() {
      const reports = await Promise.all(children.map((c) => ask<{ events: FleetEvent[]; verify: VerifyStats | null }>(c, { type: 'report' }, 'report')));
      const verify = { requests: 0, verified: 0, verifyMs: 0 };
      for (const r of reports) if (r.verify) { verify.requests += r.verify.requests; verify.verified += r.verify.verified; verify.verifyMs += r.verify.verifyMs; }
      return { events: reports.flatMap((r) => r.events), verify };
    },
    async count(ebmid, state) {
      const answers = await Promise.all(children.map((c) => ask<{ n: number }>(c, { type: 'count', ebmid, state }, 'count')));
      return answers.reduce((n, a) => n + a.n, 0);
    },
    async stop() {
      await Promise.all(children.map((c) => new Promise<void>((resolve) => {
        if (c.exitCode !== null) return resolve();
        c.once('exit', () => resolve());
        c.send({ type: 'stop' });
        setTimeout(() => c.kill('SIGKILL'), 10_000).unref();
      })));
    },
  };
}
