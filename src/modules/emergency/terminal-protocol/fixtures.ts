/**
 * Test data for the terminal-protocol tests (imported by *.test.ts only): Lechang
 * identifiers, one request and one response of every business type, and a fake signer.
 */
import { AudioKind, BroadcastType, EventLevel, TerminalState, VOLUME_UNCHANGED, type BusinessRequest, type BusinessResponse } from './business.ts';
import { BusinessType, ResultCode } from './codes.ts';
import { Addressing } from './parameters.ts';

/** Lechang county platform (GD/J 080 EBRID). */
export const PLATFORM = '44402810000000101010101';
/** A village loudspeaker terminal in Lechang (level 6, type 0314, subtype 04). */
export const TERMINAL = '64402811012010314010401';
/** Lechang county area code. */
export const AREA = '440281000000';
/** Broadcast 0001 of the county platform on 2024-06-01. */
export const EBMID = `${PLATFORM}202406010001`;
/** 2024-06-01 00:00:00 UTC. */
export const T0 = 1717200000;

const key = Uint8Array.from({ length: 65 }, (_, i) => (i === 0 ? 0x04 : i));

/** One legal request of each business type. */
export const REQUESTS: readonly BusinessRequest[] = [
  {
    type: BusinessType.StartBroadcast,
    ebmId: EBMID,
    broadcastType: BroadcastType.Emergency,
    eventLevel: EventLevel.Orange,
    eventType: '10201',
    volume: 80,
    startTime: T0,
    endTime: T0 + 600,
    audio: { kind: AudioKind.UnicastMp3Stream, url: 'http://10.0.0.2/a.mp3' },
  },
  {
    type: BusinessType.StartBroadcast,
    ebmId: `${PLATFORM}202406010000`,
    broadcastType: BroadcastType.Daily,
    eventLevel: EventLevel.Blue,
    eventType: '60000',
    volume: VOLUME_UNCHANGED,
    startTime: T0,
    endTime: null,
    audio: { kind: AudioKind.RtpMulticast, url: 'rtp://239.1.2.3:5004' },
  },
  { type: BusinessType.StopBroadcast, ebmId: EBMID },
  { type: BusinessType.Heartbeat, state: TerminalState.Playing, playingEbmId: EBMID, volume: 60 },
  { type: BusinessType.Heartbeat, state: TerminalState.Idle, playingEbmId: null, volume: 0 },
  { type: BusinessType.Query },
  {
    type: BusinessType.SetParameters,
    parameters: {
      volume: 70,
      resourceCode: TERMINAL,
      timeSync: T0,
      reportPeriodSeconds: 120,
      network: { addressing: Addressing.Static, address: '10.1.2.3', netmask: '255.255.255.0', gateway: '10.1.2.1', platformHost: 'eb.lechang.example', platformPort: 7001 },
    },
    unknownTags: [],
  },
  { type: BusinessType.SetParameters, parameters: { volume: 0 }, unknownTags: [] },
  { type: BusinessType.CertificateAuthorization, certificates: [{ serial: '0102030405A6', publicKey: key }, { serial: 'FFFFFFFFFFFF', publicKey: key }] },
];

/** One response of each business type, the query both with and without a status. */
export const RESPONSES: readonly BusinessResponse[] = [
  { type: BusinessType.StartBroadcast, result: ResultCode.Ok, description: '' },
  { type: BusinessType.StartBroadcast, result: ResultCode.BusyWithHigherPriorityTask, description: '正在播放更高优先级的广播' },
  { type: BusinessType.StopBroadcast, result: ResultCode.Ok, description: 'stopped' },
  { type: BusinessType.Heartbeat, result: ResultCode.Ok, description: '' },
  {
    type: BusinessType.Query,
    result: ResultCode.Ok,
    description: '',
    status: { state: TerminalState.Fault, volume: 55, firmware: 'LS-2000 v3.1.4', resourceCode: TERMINAL, physicalId: 'MAC-00:1A:2B:3C:4D:5E' },
  },
  { type: BusinessType.Query, result: ResultCode.TerminalOffline, description: 'offline', status: null },
  { type: BusinessType.SetParameters, result: ResultCode.IllegalContent, description: 'bad volume' },
  { type: BusinessType.CertificateAuthorization, result: ResultCode.IllegalCertificate, description: '' },
];

/** A fake GD/J 081 signer: SigTime ‖ serial 0x0102030405A6 ‖ 64 bytes 0xA5, and it records what it was given. */
export function fakeSigner(): { sign: (bytes: Uint8Array) => Promise<Uint8Array>; seen: Uint8Array[] } {
  const seen: Uint8Array[] = [];
  return {
    seen,
    sign: async (bytes) => {
      seen.push(bytes);
      const out = new Uint8Array(74).fill(0xa5);
      out.set([0x66, 0x5a, 0x64, 0x80, 0x01, 0x02, 0x03, 0x04, 0x05, 0xa6]);
      return out;
    },
  };
}

/** Hex (spaces and line breaks allowed) to bytes. */
export function hex(s: string): Uint8Array {
  return Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
}

/** Bytes to upper-case hex. */
export function toHex(b: Uint8Array): string {
  return Buffer.from(b).toString('hex').toUpperCase();
}
