/**
 * Broadcast audio: text-to-speech (espeak-ng, Mandarin) with the drill slate, uploads
 * and browser recordings, all turned into MP3 stored by SM3 digest under
 * DATA_DIR/eb-audio; public file and live-stream routes for terminals; RTP sending, kept
 * running for broadcasts delivered by RTP (rtp-supervisor.ts).
 */
export { audioRoutes, type AudioOptions } from './routes.ts';
export { audioDepsOf, speakIfSilent } from './auto.ts';
export { auxiliariesOf, packageMediaOf, resolveAudio, type AudioDelivery, type BroadcastAudio, type BroadcastAudioIn } from './links.ts';
export { rtpSupervisor, withRtpSending, RTP_SUBSCRIBER, type RtpSupervisor } from './rtp-supervisor.ts';
export { DRILL_MARK, DRILL_SLATE, shownText, spokenScript } from './slate.ts';
export { EspeakNgTts, ttsEngineNamed, type TtsEngine, type TtsOptions } from './tts.ts';
export { startRtpStream, pacedMp3, type RunningStream } from './stream.ts';
