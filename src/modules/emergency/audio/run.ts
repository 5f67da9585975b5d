/**
 * Runs espeak-ng, ffmpeg and ffprobe: always an argument array (never a shell), a time
 * limit, a cap on what is kept of stdout and stderr, and text (when any) on stdin.
 */
import { spawn } from 'node:child_process';

export interface RunResult {
  code: number | null;
  stdout: Buffer;
  stderr: string;
  timedOut: boolean;
}

/** The program is not installed (spawn said ENOENT). */
export class ProgramMissingError extends Error {
  constructor(readonly program: string) {
    super(`${program} is not installed`);
  }
}

export interface RunOptions {
  timeoutMs: number;
  /** Written to stdin, which is then closed. */
  input?: string | Buffer;
  maxStdout?: number;
}

/** Runs `cmd args…` to its end (or its time limit, when it is killed). */
export function runProgram(cmd: string, args: string[], opts: RunOptions): Promise<RunResult> {
  const maxStdout = opts.maxStdout ?? 1024 * 1024;
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'], timeout: opts.timeoutMs, killSignal: 'SIGKILL' });
    const out: Buffer[] = [];
    let outLen = 0;
    let stderr = '';
    child.stdout!.on('data', (c: Buffer) => {
      outLen += c.length;
      if (outLen <= maxStdout) out.push(c);
    });
    child.stderr!.on('data', (c: Buffer) => {
      if (stderr.length < 8192) stderr += c.toString('utf8');
    });
    child.on('error', (err: NodeJS.ErrnoException) => reject(err.code === 'ENOENT' ? new ProgramMissingError(cmd) : err));
    child.on('close', (code, signal) => resolve({ code, stdout: Buffer.concat(out), stderr: stderr.trim(), timedOut: signal === 'SIGKILL' }));
    if (opts.input !== undefined && child.stdin) {
      // A program that exits before reading all of stdin must not crash us with EPIPE.
      child.stdin.on('error', () => {});
      child.stdin.end(opts.input);
    }
  });
}
