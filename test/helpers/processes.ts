/** Processes a test started indirectly (a server's gateway processes), found with ps. */
import { execFileSync } from 'node:child_process';

/** Pids of `parent`'s children whose command line contains `match`. */
export function childPids(parent: number, match: string): number[] {
  return execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(parent)], { encoding: 'utf8' })
    .split('\n').filter((l) => l.includes(match)).map((l) => Number(l.trim().split(/\s+/)[0]));
}

/** The process exists (signal 0 checks without sending anything). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
