/**
 * Audio checks and conversion with ffprobe/ffmpeg (Debian package `ffmpeg`): is a file
 * audio at all (decided by its content, never its name), and the one format terminals
 * get: MP3, mono, 22.05 kHz, 64 kbit/s (speech through loudspeakers needs no more).
 */
import { appError } from '../../../platform/errors.ts';
import { ProgramMissingError, runProgram } from './run.ts';

export interface AudioTools {
  ffmpeg: string;
  ffprobe: string;
  /** Per process. */
  timeoutMs: number;
}

export const DEFAULT_AUDIO_TOOLS: AudioTools = { ffmpeg: 'ffmpeg', ffprobe: 'ffprobe', timeoutMs: 120_000 };

/** What ffprobe says of an audio file. */
export interface AudioProbe {
  /** ffprobe's format name: `mp3`, `wav`, `ogg`, `matroska,webm`, `mov,mp4,m4a,3gp,3g2,mj2`. */
  container: string;
  codec: string;
  /** Null when the container does not say (MediaRecorder's WebM). */
  durationMs: number | null;
}

/** The formats an upload may be in (ffprobe format names); anything else is refused by content. */
const ACCEPTED_CONTAINERS = ['mp3', 'wav', 'ogg', 'matroska', 'webm', 'mov', 'mp4', 'm4a', 'aac'];

function unreadable(message: string) {
  return appError('EB_AUDIO_UNREADABLE', { field: 'file', message });
}

function missingTool(err: unknown): never {
  if (err instanceof ProgramMissingError) throw appError('EB_TTS_FAILED', { message: `${err.program} is not installed on the server (apt-get install ffmpeg).` });
  throw err;
}

/** Probes a file we wrote; throws EB_AUDIO_UNREADABLE unless it is audio in an accepted format. */
export async function probeAudio(file: string, tools: AudioTools = DEFAULT_AUDIO_TOOLS): Promise<AudioProbe> {
  const r = await runProgram(tools.ffprobe, ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', '--', file], { timeoutMs: tools.timeoutMs }).catch(missingTool);
  let parsed: { streams?: { codec_type?: string; codec_name?: string }[]; format?: { format_name?: string; duration?: string } };
  try {
    parsed = JSON.parse(r.stdout.toString('utf8')) as typeof parsed;
  } catch {
    throw unreadable('The file is damaged or is not audio.');
  }
  const audio = parsed.streams?.find((s) => s.codec_type === 'audio');
  const container = parsed.format?.format_name ?? '';
  if (r.code !== 0 || !audio) throw unreadable('The file is damaged or is not audio: no sound was found in it.');
  if (!container.split(',').some((c) => ACCEPTED_CONTAINERS.includes(c))) throw unreadable(`Audio in "${container}" files is not accepted: upload MP3, WAV, OGG, WebM or M4A.`);
  const seconds = Number(parsed.format?.duration);
  return { container, codec: audio.codec_name ?? '', durationMs: Number.isFinite(seconds) && seconds > 0 ? Math.round(seconds * 1000) : null };
}

/** Converts any audio ffmpeg reads into the broadcast MP3; throws EB_AUDIO_UNREADABLE if it cannot be decoded. */
export async function transcodeToMp3(input: string, output: string, tools: AudioTools = DEFAULT_AUDIO_TOOLS): Promise<void> {
  const r = await runProgram(tools.ffmpeg, [
    '-v', 'error', '-nostdin', '-y', '-i', input,
    // Audio only, no tags or cover art from the upload: the file must be exactly what is played.
    '-vn', '-sn', '-dn', '-map_metadata', '-1', '-ac', '1', '-ar', '22050', '-c:a', 'libmp3lame', '-b:a', '64k', '-f', 'mp3', output,
  ], { timeoutMs: tools.timeoutMs }).catch(missingTool);
  if (r.timedOut) throw unreadable('Converting the audio took too long: upload a shorter file.');
  if (r.code !== 0) throw unreadable(`The audio could not be decoded: ${r.stderr.split('\n')[0]?.slice(0, 200) || 'ffmpeg failed'}.`);
}
