/**
 * CPU time of a process tree, by role, from /proc (Linux): what `npm run bench:eb`
 * reports per broadcast as `cpuMs` (server, gateways, simulators), so a ratio can be
 * read against where the two cores' time went. Clock ticks are 10 ms here: totals of
 * a few hundred ms are good to about 10 %.
 */
import fs from 'node:fs';

const TICK_MS = 10;

interface Proc { pid: number; ppid: number; role: string; ticks: number }

/** [parent pid, user + system ticks] from /proc/<pid>/stat (the command name may hold spaces: fields are read after its ')'). */
function stat(pid: number): [number, number] {
  const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return [Number(rest[1]), Number(rest[11]) + Number(rest[12])];
}

function read(pid: number): Proc | null {
  try {
    const [ppid, ticks] = stat(pid);
    const args = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    // The script, not a module preloaded before it (a gateway's `--import <tsx loader>.mjs`).
    const script = args.find((a, i) => /\.(ts|mjs)$/.test(a) && !/^(--import|--require|-r|--loader)$/.test(args[i - 1] ?? '')) ?? args[0] ?? '?';
    return { pid, ppid, role: script.split('/').pop()!.replace(/\.(ts|mjs)$/, ''), ticks };
  } catch {
    return null;
  }
}

/** Every process under `root` (itself excluded), with its CPU ticks so far. */
export function cpuSnapshot(root: number): Map<number, Proc> {
  const all = fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map((d) => read(Number(d))).filter((p): p is Proc => p !== null);
  const byParent = new Map<number, Proc[]>();
  for (const p of all) byParent.set(p.ppid, [...(byParent.get(p.ppid) ?? []), p]);
  const out = new Map<number, Proc>();
  const walk = (pid: number) => {
    for (const c of byParent.get(pid) ?? []) {
      out.set(c.pid, c);
      walk(c.pid);
    }
  };
  walk(root);
  return out;
}

/** The same processes as `earlier` (none started since), read again: only their own /proc entries, cheap enough to sample often. */
export function cpuOf(earlier: Map<number, Proc>): Map<number, Proc> {
  const out = new Map<number, Proc>();
  for (const [pid, p] of earlier) {
    try {
      out.set(pid, { ...p, ticks: stat(pid)[1] });
    } catch {
      // exited
    }
  }
  return out;
}

/** CPU ms spent between two snapshots, summed by role (script name; `rongmei` is the server). */
export function cpuSpent(before: Map<number, Proc>, after: Map<number, Proc>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [pid, p] of after) {
    const ms = (p.ticks - (before.get(pid)?.ticks ?? p.ticks)) * TICK_MS;
    out[p.role] = (out[p.role] ?? 0) + ms;
  }
  return out;
}
