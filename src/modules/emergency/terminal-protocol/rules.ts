/**
 * Enumerations of the business contents and the rules a legal value follows. One rule
 * set serves both directions: writing turns a problem into a RangeError, reading into
 * result code 58 (illegal content), so the two sides cannot disagree.
 */
import type { BusinessRequest, TerminalStatus } from './business.ts';
import { BusinessType } from './codes.ts';

/**
 * Broadcast type of 0x01 (GD/J 089 appendix D: 1–3 drills, 4 emergency, 5 daily).
 * Which drill is which is ours: the order of EBM MsgType 3–5 (platform, front-end, terminal).
 */
export const BroadcastType = {
  PlatformDrill: 1,
  FrontEndDrill: 2,
  TerminalDrill: 3,
  Emergency: 4,
  Daily: 5,
} as const;

/** Event level of 0x01, as EBM Severity: 1 red (I, most severe) .. 4 blue (IV). */
export const EventLevel = { Red: 1, Orange: 2, Yellow: 3, Blue: 4 } as const;

/** How 0x01 delivers the audio. */
export const AudioKind = {
  /** `rtp://<multicast IPv4>:<port>`: the adapter or platform multicasts, terminals join. */
  RtpMulticast: 1,
  /** `http(s)://…`: a unicast MP3 stream the terminal pulls. */
  UnicastMp3Stream: 2,
  /** `http(s)://…`: a file the terminal downloads and plays. */
  FileUrl: 3,
} as const;

/** Terminal state of 0x10 heartbeat and 0x11 query response. */
export const TerminalState = { Idle: 1, Playing: 2, Fault: 3 } as const;

/** Volume byte of 0x01 meaning "keep the terminal's current volume". */
export const VOLUME_UNCHANGED = 0xff;

const HEX_SERIAL = /^[0-9A-Fa-f]{12}$/;

/** Why `req` is illegal, or null when it is fine. `reading` admits the field variants we accept but never write. */
export function requestProblem(req: BusinessRequest, reading = false): string | null {
  switch (req.type) {
    case BusinessType.StartBroadcast:
      return (
        inRange(req.broadcastType, 1, 5, 'broadcast type') ??
        inRange(req.eventLevel, 1, 4, 'event level') ??
        (req.volume === VOLUME_UNCHANGED ? null : inRange(req.volume, 0, 100, 'volume (or 0xFF unchanged)')) ??
        inRange(req.startTime, 0, 0xffffffff, 'start time') ??
        (req.endTime === null ? null : inRange(req.endTime, 1, 0xffffffff, 'end time')) ??
        (req.endTime !== null && req.endTime < req.startTime ? `end time ${req.endTime} is before start time ${req.startTime}` : null) ??
        audioProblem(req.audio.kind, req.audio.url, reading)
      );
    case BusinessType.Heartbeat:
      return inRange(req.state, 1, 3, 'terminal state') ?? inRange(req.volume, 0, 100, 'volume');
    case BusinessType.CertificateAuthorization:
      if (req.certificates.length === 0) return 'certificate authorization needs at least one certificate';
      for (const c of req.certificates) {
        if (!HEX_SERIAL.test(c.serial)) return `certificate serial must be 12 hex digits (48 bits), got "${c.serial}"`;
        if (c.publicKey.length !== 65 || c.publicKey[0] !== 0x04) return `certificate ${c.serial}: public key must be 65 bytes 04‖x‖y`;
      }
      return null;
    case BusinessType.StopBroadcast:
    case BusinessType.Query:
    case BusinessType.SetParameters:
      // EBMID digits and parameters are checked where they are packed.
      return null;
  }
}

/** Why a query response's status is illegal, or null. */
export function statusProblem(s: TerminalStatus): string | null {
  return inRange(s.state, 1, 3, 'terminal state') ?? inRange(s.volume, 0, 100, 'volume');
}

function inRange(v: number, min: number, max: number, what: string): string | null {
  return Number.isInteger(v) && v >= min && v <= max ? null : `${what} must be ${min}..${max}, got ${v}`;
}

/** The URL must suit its kind. Reading accepts `udp://` for RTP multicast too: field encoders write either. */
function audioProblem(kind: number, url: string, reading: boolean): string | null {
  if (url.length === 0) return 'audio URL is empty';
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return `audio URL "${url}" is not a URL`;
  }
  switch (kind) {
    case AudioKind.RtpMulticast: {
      if (u.protocol !== 'rtp:' && !(reading && u.protocol === 'udp:')) return `an RTP multicast URL must be rtp://group:port, got "${url}"`;
      const first = Number(u.hostname.split('.')[0]);
      if (!/^\d+\.\d+\.\d+\.\d+$/.test(u.hostname) || first < 224 || first > 239) return `RTP multicast group must be an IPv4 address in 224.0.0.0/4, got "${u.hostname}"`;
      if (u.port === '') return `RTP multicast URL needs a port: "${url}"`;
      return null;
    }
    case AudioKind.UnicastMp3Stream:
    case AudioKind.FileUrl:
      return u.protocol === 'http:' || u.protocol === 'https:' ? null : `audio kind ${kind} needs an http(s) URL, got "${url}"`;
    default:
      return `audio kind must be 1 (RTP multicast), 2 (unicast MP3 stream) or 3 (file URL), got ${kind}`;
  }
}
