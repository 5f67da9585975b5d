/**
 * Audio and video with ffprobe/ffmpeg (Debian's ffmpeg package): codecs, duration,
 * picture size, and whether the file is complete. Always spawned with an argument
 * array (no shell), a timeout and a cap on output, on a file we wrote ourselves.
 */
import { spawn } from 'node:child_process';
import { appError } from '../../platform/errors.ts';

export interface ToolOptions {
  ffprobe: string;
  ffmpeg: string;
  /** Per spawned process. */
  timeoutMs: number;
}

export const DEFAULT_TOOLS: ToolOptions = { ffprobe: 'ffprobe', ffmpeg: 'ffmpeg', timeoutMs: 60_000 };

interface RunResult {
  code: number | null;
  stdout: Buffer;
  stderr: string;
  timedOut: boolean;
}

/** Thrown when ffprobe/ffmpeg is not installed: a server problem, not the file's. */
export class ToolMissingError extends Error {
  constructor(readonly tool: string) {
    super(`${tool} is not installed (apt-get install ffmpeg), or set its path`);
  }
}

function run(cmd: string, args: string[], timeoutMs: number, maxStdout = 16 * 1024 * 1024): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs, killSignal: 'SIGKILL' });
    const out: Buffer[] = [];
    let outLen = 0;
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      outLen += c.length;
      if (outLen <= maxStdout) out.push(c);
      else child.kill('SIGKILL');
    });
    child.stderr.on('data', (c: Buffer) => {
      if (stderr.length < 8192) stderr += c.toString('utf8');
    });
    child.on('error', (err: NodeJS.ErrnoException) => reject(err.code === 'ENOENT' ? new ToolMissingError(cmd) : err));
    child.on('close', (code, signal) => resolve({ code, stdout: Buffer.concat(out), stderr, timedOut: signal === 'SIGKILL' && outLen <= maxStdout }));
  });
}

interface FfStream {
  codec_type?: string;
  codec_name?: string;
  width?: number;
  height?: number;
  sample_rate?: string;
  channels?: number;
  bit_rate?: string;
  disposition?: { attached_pic?: number };
}

interface FfOutput {
  streams?: FfStream[];
  format?: { format_name?: string; duration?: string; bit_rate?: string };
}

export interface AvInfo {
  /** A real picture stream (cover art in an MP3 does not count). */
  hasVideo: boolean;
  hasAudio: boolean;
  durationMs: number | null;
  width: number | null;
  height: number | null;
  details: {
    container: string | null;
    videoCodec: string | null;
    audioCodec: string | null;
    sampleRate: number | null;
    channels: number | null;
    bitRate: number | null;
  };
}

const num = (v: string | number | undefined): number | null => {
  const n = Number(v);
  return v !== undefined && Number.isFinite(n) ? n : null;
};

function unreadable(message: string, details?: Record<string, unknown>) {
  return appError('MEDIA_UNREADABLE', { field: 'file', message, ...(details && { details }) });
}

/**
 * Probes an audio/video file and checks that it is complete: ffmpeg reads every packet
 * (stream copy, no decoding, so 200 MB take a second or two). A file whose header
 * announces more than is present was cut off in transfer and is refused.
 */
export async function probeAv(file: string, tools: ToolOptions): Promise<AvInfo> {
  const probe = await run(tools.ffprobe, ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', '--', file], tools.timeoutMs);
  if (probe.timedOut) throw unreadable('Reading this file took too long: it may be damaged.');
  let parsed: FfOutput;
  try {
    parsed = JSON.parse(probe.stdout.toString('utf8')) as FfOutput;
  } catch {
    throw unreadable('The media file is damaged or cannot be read.');
  }
  const streams = parsed.streams ?? [];
  const video = streams.find((s) => s.codec_type === 'video' && !s.disposition?.attached_pic);
  const audio = streams.find((s) => s.codec_type === 'audio');
  if (probe.code !== 0 || (!video && !audio)) throw unreadable('The media file is damaged or cannot be read: no audio or video stream was found.');

  const present = await presentSeconds(file, tools);
  const announced = num(parsed.format?.duration);
  if (announced !== null && present !== null && announced - present > Math.max(0.5, announced * 0.05)) {
    throw unreadable(`The file is cut off: it announces ${announced.toFixed(1)} s but only ${present.toFixed(1)} s are present. Upload the complete file.`, {
      announcedSeconds: announced, presentSeconds: present,
    });
  }
  const seconds = present ?? announced;
  return {
    hasVideo: !!video,
    hasAudio: !!audio,
    durationMs: seconds === null ? null : Math.round(seconds * 1000),
    width: num(video?.width),
    height: num(video?.height),
    details: {
      container: parsed.format?.format_name ?? null,
      videoCodec: video?.codec_name ?? null,
      audioCodec: audio?.codec_name ?? null,
      sampleRate: num(audio?.sample_rate),
      channels: num(audio?.channels),
      bitRate: num(parsed.format?.bit_rate),
    },
  };
}

/** Seconds of media actually present: ffmpeg copies every packet to nowhere and reports how far it got. */
async function presentSeconds(file: string, tools: ToolOptions): Promise<number | null> {
  const r = await run(tools.ffmpeg, ['-nostdin', '-v', 'error', '-i', file, '-map', '0:v?', '-map', '0:a?', '-c', 'copy', '-f', 'null', '-', '-progress', 'pipe:1', '-nostats'], tools.timeoutMs);
  if (r.timedOut) throw unreadable('Reading this file took too long: it may be damaged.');
  if (r.code !== 0) throw unreadable('The media file is damaged and cannot be read to the end.');
  const times = [...r.stdout.toString('utf8').matchAll(/^out_time_us=(\d+)$/gm)];
  const last = times.at(-1)?.[1];
  return last === undefined ? null : Number(last) / 1e6;
}

/** One frame as PNG, for a video's thumbnail; null when none can be taken. */
export async function videoFrame(file: string, atSeconds: number, tools: ToolOptions): Promise<Buffer | null> {
  const r = await run(tools.ffmpeg, ['-nostdin', '-v', 'error', '-ss', atSeconds.toFixed(2), '-i', file, '-frames:v', '1', '-f', 'image2pipe', '-c:v', 'png', 'pipe:1'], tools.timeoutMs, 64 * 1024 * 1024);
  return r.code === 0 && r.stdout.length > 0 ? r.stdout : null;
}
