/**
 * Live delivery of a stored MP3 for terminals that take streams rather than files:
 * an HTTP stream paced at real time (ffmpeg `-re`, stream copy, no re-encoding), and
 * RTP (ffmpeg `-f rtp`, MPEG audio payload type 14) to a unicast or multicast address.
 * Each is one ffmpeg process, stopped when the listener leaves or on `stop()`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Readable } from 'node:stream';
import { DEFAULT_AUDIO_TOOLS, type AudioTools } from './ffmpeg.ts';

export interface RunningStream {
  /** Resolves with ffmpeg's exit code (null when stopped by a signal). */
  readonly exited: Promise<number | null>;
  /** Ends the stream; resolves once ffmpeg has exited. */
  stop(): Promise<void>;
}

function supervise(child: ChildProcess): RunningStream {
  const exited = new Promise<number | null>((resolve) => {
    child.once('error', () => resolve(null));
    child.once('close', (code) => resolve(code));
  });
  return {
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      // ffmpeg finishes its current packet on SIGTERM; one that hangs is killed.
      const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** The MP3 as a byte stream at playing speed (for an HTTP response); stop it when the client goes. */
export function pacedMp3(file: string, tools: AudioTools = DEFAULT_AUDIO_TOOLS): RunningStream & { output: Readable } {
  const child = spawn(tools.ffmpeg, ['-v', 'error', '-nostdin', '-re', '-i', file, '-map', '0:a:0', '-c:a', 'copy', '-f', 'mp3', 'pipe:1'], { stdio: ['ignore', 'pipe', 'ignore'] });
  return { ...supervise(child), output: child.stdout! };
}

/**
 * Sends the MP3 as RTP to `url` (`rtp://host:port`, multicast allowed, e.g.
 * rtp://239.1.2.3:5004, the GD/J 089 0x01 audio kind 1), at playing speed, once.
 */
export function startRtpStream(file: string, url: string, tools: AudioTools = DEFAULT_AUDIO_TOOLS): RunningStream {
  const u = new URL(url);
  if (u.protocol !== 'rtp:' || !u.hostname || !u.port) throw new Error(`"${url}" is not an rtp://host:port address`);
  const target = `rtp://${u.host}`;
  const child = spawn(tools.ffmpeg, ['-v', 'error', '-nostdin', '-re', '-i', file, '-map', '0:a:0', '-c:a', 'copy', '-f', 'rtp', target], { stdio: ['ignore', 'ignore', 'ignore'] });
  return supervise(child);
}
