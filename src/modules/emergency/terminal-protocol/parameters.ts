/**
 * The content of 0x12 set parameters (GD/J 089 appendix D lists volume, network,
 * resource code, time sync and report period): a TLV list, so a terminal can skip a
 * parameter it does not know and a platform can send only what changes.
 *
 * | bytes | field   | meaning                                        |
 * |-------|---------|------------------------------------------------|
 * | 1     | tag     | ParameterTag                                   |
 * | 2     | length  | u16, bytes of value                            |
 * | n     | value   | per tag, below                                 |
 * ... repeated to the end of the content (no count: the content length bounds it).
 *
 * | tag  | parameter     | value                                                                      |
 * |------|---------------|----------------------------------------------------------------------------|
 * | 0x01 | volume        | u8 0–100                                                                   |
 * | 0x02 | resource code | 12 bytes BCD, the terminal's new 23-digit logical code (its physical id stays) |
 * | 0x03 | time sync     | u32 UTC seconds                                                            |
 * | 0x04 | report period | u16 seconds between state reports (field default 120)                      |
 * | 0x05 | network       | u8 addressing (1 DHCP, 2 static) ‖ IPv4 address 4 ‖ netmask 4 ‖ gateway 4 ‖ u16 platform port ‖ platform host (u16 length ‖ UTF-8) |
 *
 * Tags, widths and the network value are ours. Reading skips unknown tags (reported in
 * `unknownTags`) but refuses a repeated tag (58): two volumes in one command is a bug.
 */
import { ByteReader, ByteWriter, DecodeError } from './bytes.ts';
import { RESOURCE_CODE_BYTES, decodeDigits, encodeBcd, requireDigits } from './bcd.ts';
import { ResultCode } from './codes.ts';

/** TLV tags of 0x12 set parameters. */
export const ParameterTag = {
  Volume: 0x01,
  ResourceCode: 0x02,
  TimeSync: 0x03,
  ReportPeriod: 0x04,
  Network: 0x05,
} as const;

/** How the terminal gets its IPv4 address. */
export const Addressing = { Dhcp: 1, Static: 2 } as const;
export type Addressing = (typeof Addressing)[keyof typeof Addressing];

/** The terminal's network settings; with DHCP the three addresses are 0.0.0.0. */
export interface NetworkParameters {
  addressing: Addressing;
  address: string;
  netmask: string;
  gateway: string;
  /** The platform (or adapter) the terminal connects to. */
  platformHost: string;
  platformPort: number;
}

/** Parameters to set; absent ones stay as they are. */
export interface TerminalParameters {
  volume?: number;
  resourceCode?: string;
  timeSync?: number;
  reportPeriodSeconds?: number;
  network?: NetworkParameters;
}

/** Encodes the TLV list in tag order. Throws `RangeError` on an illegal value or an empty list. */
export function encodeParameters(p: TerminalParameters): Uint8Array {
  const problem = parametersProblem(p);
  if (problem) throw new RangeError(problem);
  const w = new ByteWriter();
  const tlv = (tag: number, value: Uint8Array): void => {
    w.u8(tag, 'parameter tag').u16(value.length, 'parameter length').bytes(value);
  };
  if (p.volume !== undefined) tlv(ParameterTag.Volume, new ByteWriter().u8(p.volume, 'volume').finish());
  if (p.resourceCode !== undefined) {
    requireDigits(p.resourceCode, [23], 'resource code');
    tlv(ParameterTag.ResourceCode, encodeBcd(p.resourceCode, RESOURCE_CODE_BYTES, 'resource code'));
  }
  if (p.timeSync !== undefined) tlv(ParameterTag.TimeSync, new ByteWriter().u32(p.timeSync, 'time sync').finish());
  if (p.reportPeriodSeconds !== undefined) tlv(ParameterTag.ReportPeriod, new ByteWriter().u16(p.reportPeriodSeconds, 'report period').finish());
  if (p.network !== undefined) tlv(ParameterTag.Network, encodeNetwork(p.network));
  return w.finish();
}

/** Decodes the TLV list; throws `DecodeError` (13 parse, 14 nothing to set, 58 illegal value or repeated tag). */
export function decodeParameters(content: Uint8Array): { parameters: TerminalParameters; unknownTags: number[] } {
  const r = new ByteReader(content);
  const parameters: TerminalParameters = {};
  const seen = new Set<number>();
  const unknownTags: number[] = [];
  while (r.remaining > 0) {
    const tag = r.u8('parameter tag');
    const value = new ByteReader(r.bytes(r.u16('parameter length'), `parameter 0x${tag.toString(16)}`));
    if (seen.has(tag)) throw new DecodeError(ResultCode.IllegalContent, `parameter tag 0x${tag.toString(16)} appears twice`);
    seen.add(tag);
    switch (tag) {
      case ParameterTag.Volume:
        parameters.volume = value.u8('volume');
        break;
      case ParameterTag.ResourceCode:
        parameters.resourceCode = decodeDigits(value.bytes(RESOURCE_CODE_BYTES, 'resource code'), [23], 'resource code');
        break;
      case ParameterTag.TimeSync:
        parameters.timeSync = value.u32('time sync');
        break;
      case ParameterTag.ReportPeriod:
        parameters.reportPeriodSeconds = value.u16('report period');
        break;
      case ParameterTag.Network:
        parameters.network = decodeNetwork(value);
        break;
      default:
        unknownTags.push(tag);
        continue;
    }
    value.expectEnd(`parameter 0x${tag.toString(16)}`);
  }
  if (seen.size === 0) throw new DecodeError(ResultCode.MissingParameter, 'set parameters carries no parameter');
  const problem = parametersProblem(parameters, unknownTags.length);
  if (problem) throw new DecodeError(ResultCode.IllegalContent, problem);
  return { parameters, unknownTags };
}

/** The semantic rules, shared by writing (RangeError) and reading (58 illegal content). */
function parametersProblem(p: TerminalParameters, unknownCount = 0): string | null {
  const known = [p.volume, p.resourceCode, p.timeSync, p.reportPeriodSeconds, p.network].filter((v) => v !== undefined);
  if (known.length === 0 && unknownCount === 0) return 'set parameters needs at least one parameter';
  if (p.volume !== undefined && !(Number.isInteger(p.volume) && p.volume >= 0 && p.volume <= 100)) return `volume must be 0..100, got ${p.volume}`;
  if (p.reportPeriodSeconds !== undefined && p.reportPeriodSeconds < 1) return 'report period must be at least 1 second';
  if (p.network) {
    const n = p.network;
    if (n.addressing !== Addressing.Dhcp && n.addressing !== Addressing.Static) return `network addressing must be 1 (DHCP) or 2 (static), got ${String(n.addressing)}`;
    for (const [name, ip] of [['address', n.address], ['netmask', n.netmask], ['gateway', n.gateway]] as const) {
      if (!isIpv4(ip)) return `network ${name} must be a dotted IPv4 address, got "${ip}"`;
    }
    if (n.addressing === Addressing.Static && n.address === '0.0.0.0') return 'a static network address cannot be 0.0.0.0';
    if (n.platformHost.length === 0) return 'network platform host is empty';
    if (!(Number.isInteger(n.platformPort) && n.platformPort >= 1 && n.platformPort <= 0xffff)) return `network platform port must be 1..65535, got ${n.platformPort}`;
  }
  return null;
}

function encodeNetwork(n: NetworkParameters): Uint8Array {
  const w = new ByteWriter().u8(n.addressing, 'addressing');
  for (const ip of [n.address, n.netmask, n.gateway]) w.bytes(Uint8Array.from(ip.split('.').map(Number)));
  return w.u16(n.platformPort, 'platform port').string(n.platformHost, 'platform host').finish();
}

function decodeNetwork(r: ByteReader): NetworkParameters {
  const addressing = r.u8('addressing');
  if (addressing !== Addressing.Dhcp && addressing !== Addressing.Static) {
    throw new DecodeError(ResultCode.IllegalContent, `network addressing must be 1 (DHCP) or 2 (static), got ${addressing}`);
  }
  const ip = (what: string): string => Array.from(r.bytes(4, what)).join('.');
  const address = ip('address');
  const netmask = ip('netmask');
  const gateway = ip('gateway');
  const platformPort = r.u16('platform port');
  return { addressing, address, netmask, gateway, platformPort, platformHost: r.string('platform host') };
}

function isIpv4(s: string): boolean {
  const parts = s.split('.');
  return parts.length === 4 && parts.every((p) => /^(0|[1-9][0-9]{0,2})$/.test(p) && Number(p) <= 255);
}
