/**
 * Text-to-speech for broadcast audio. `TtsEngine` is the seam (EB_TTS_ENGINE names the
 * engine); the default is espeak-ng with its Mandarin voice `cmn` — robotic, but
 * offline, free and in Debian, so a county center can speak an alert with no cloud.
 */
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { appError } from '../../../platform/errors.ts';
import { ProgramMissingError, runProgram } from './run.ts';

export interface TtsOptions {
  /** Engine-specific voice name; espeak-ng: `cmn` (Mandarin). */
  voice?: string;
  /** Words per minute (espeak-ng: 80–450). */
  rate?: number;
}

/** Turns text into speech. */
export interface TtsEngine {
  readonly name: string;
  /** The speech as a WAV file's bytes; throws EB_TTS_FAILED. */
  synthesize(text: string, opts: TtsOptions): Promise<Buffer>;
}

export interface EspeakNgOptions {
  command?: string;
  voice?: string;
  rate?: number;
  /** Per synthesis; a 4,000-character alert takes a few seconds. */
  timeoutMs?: number;
}

function ttsFailed(message: string) {
  return appError('EB_TTS_FAILED', { message });
}

/** espeak-ng (Debian package `espeak-ng`), text on stdin, WAV written to a temp file. */
export class EspeakNgTts implements TtsEngine {
  readonly name = 'espeak-ng';
  private readonly command: string;
  private readonly voice: string;
  private readonly rate: number;
  private readonly timeoutMs: number;

  constructor(opts: EspeakNgOptions = {}) {
    this.command = opts.command ?? 'espeak-ng';
    this.voice = opts.voice ?? 'cmn';
    // A little slower than espeak's 175 wpm: alerts are heard outdoors, through loudspeakers.
    this.rate = opts.rate ?? 150;
    this.timeoutMs = opts.timeoutMs ?? 60_000;
  }

  async synthesize(text: string, opts: TtsOptions = {}): Promise<Buffer> {
    const voice = opts.voice ?? this.voice;
    if (!/^[a-zA-Z0-9+_-]{1,40}$/.test(voice)) throw ttsFailed(`"${voice}" is not an espeak-ng voice name.`);
    const rate = Math.round(Math.min(450, Math.max(80, opts.rate ?? this.rate)));
    const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'rongmei-tts-'));
    const wav = path.join(dir, 'speech.wav');
    try {
      const r = await runProgram(this.command, ['-v', voice, '-s', String(rate), '-w', wav, '--stdin'], { timeoutMs: this.timeoutMs, input: text });
      if (r.timedOut) throw ttsFailed(`espeak-ng took longer than ${Math.round(this.timeoutMs / 1000)} s: shorten the text.`);
      if (r.code !== 0) throw ttsFailed(`espeak-ng failed (exit ${r.code}): ${r.stderr.slice(0, 300) || 'no message'}.`);
      const bytes = await fsp.readFile(wav).catch(() => null);
      if (!bytes || bytes.length <= 44) throw ttsFailed('espeak-ng produced no speech for this text.');
      return bytes;
    } catch (err) {
      if (err instanceof ProgramMissingError) throw ttsFailed('espeak-ng is not installed on the server (apt-get install espeak-ng), or set EB_TTS_ENGINE to another engine.');
      throw err;
    } finally {
      await fsp.rm(dir, { recursive: true, force: true });
    }
  }
}

/** The engines EB_TTS_ENGINE may name. Add another here (a cloud or neural engine) with its factory. */
const ENGINES: Record<string, () => TtsEngine> = {
  'espeak-ng': () => new EspeakNgTts(),
};

/** The engine named by EB_TTS_ENGINE; an unknown name stops start-up. */
export function ttsEngineNamed(name: string): TtsEngine {
  const make = ENGINES[name];
  if (!make) throw new Error(`EB_TTS_ENGINE "${name}" is not a known text-to-speech engine (known: ${Object.keys(ENGINES).join(', ')})`);
  return make();
}
