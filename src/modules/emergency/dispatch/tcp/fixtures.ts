/**
 * Test data for the IP-terminal tests (imported by *.test.ts only): the platform's
 * signer and the trust list terminals hold, Lechang terminal identities with their own
 * key pairs, a registry, a sink that records what the driver reports, and commands.
 */
import { CertificateTrustList, generateKeyPair, SoftwareSigner } from '../../../../platform/crypto/index.ts';
import type { DriverProtocol, TerminalSink } from '../driver.ts';
import type { Ack, StartCommand, StopCommand } from '../wire.ts';
import type { RegisteredTerminal } from './auth.ts';

export const CENTER = 'lechang';
/** The Lechang county platform's EBRID. */
export const PLATFORM_EBRID = '44402810000000101010101';
/** Two towns of Lechang (乐城街道, 九峰镇) and one village of the first. */
export const TOWN_A = '440281001000';
export const TOWN_B = '440281103000';

const platformKeys = generateKeyPair();
export const platformSigner = new SoftwareSigner({ privateKeyHex: platformKeys.privateKeyHex, certSerial: 'A1B2C3D4E5F6' });
/** What every terminal trusts: the platform's certificate. */
export const trust = new CertificateTrustList();
trust.add(platformSigner.certSerial, { publicKeyHex: platformKeys.publicKeyHex, subject: PLATFORM_EBRID, validFrom: new Date('2020-01-01'), validTo: new Date('2099-01-01') });

/** A terminal identity: EBRID (level 6, area, type 0314, subtype 04, number) and its own key. */
export interface TerminalIdentity {
  ebrid: string;
  privateKeyHex: string;
  publicKeyHex: string;
  certSerial: string;
}

let serials = 0;
export function terminalIdentity(area12: string, n: number): TerminalIdentity {
  const k = generateKeyPair();
  return { ebrid: `6${area12}03140104${String(n).padStart(2, '0')}`, ...k, certSerial: `00000000${String(++serials).padStart(4, '0')}` };
}

/** An in-memory registry for `lookupTerminal`. */
export class Registry {
  readonly rows = new Map<string, RegisteredTerminal>();
  add(t: TerminalIdentity, centerCode = CENTER): void {
    this.rows.set(t.ebrid, { centerCode, certSerial: t.certSerial, publicKeyHex: t.publicKeyHex });
  }
  lookup = async (ebrid: string): Promise<RegisteredTerminal | null> => this.rows.get(ebrid) ?? null;
}

/** A TerminalSink that records every call. */
export class RecordingSink implements TerminalSink {
  readonly hellos: Array<{ protocol: DriverProtocol; centerCode: string; ebrid: string }> = [];
  readonly acks: Array<{ ebrid: string; ack: Ack }> = [];
  readonly gones: string[] = [];
  async hello(protocol: DriverProtocol, centerCode: string, ebrid: string): Promise<void> {
    this.hellos.push({ protocol, centerCode, ebrid });
  }
  async ack(_p: DriverProtocol, _c: string, ebrid: string, ack: Ack): Promise<void> {
    this.acks.push({ ebrid, ack });
  }
  async gone(_p: DriverProtocol, _c: string, ebrid: string): Promise<void> {
    this.gones.push(ebrid);
  }
  /** `state:reason` of the acks about one broadcast from one terminal. */
  statesOf(ebrid: string, ebmid: string): string[] {
    return this.acks.filter((a) => a.ebrid === ebrid && a.ack.ebmid === ebmid).map((a) => `${a.ack.state}${a.ack.reason ? `:${a.ack.reason}` : ''}`);
  }
}

let seq = 0;
export const ebmid = (n: number): string => `${PLATFORM_EBRID}20261129${String(n).padStart(4, '0')}`;
export function startCmd(n: number, msgType: number, severity: number, areas: string[], over: Partial<StartCommand> = {}): StartCommand {
  return {
    v: 1, type: 'start', ebmid: ebmid(n), msgType, severity, eventType: '10101', areas, start: new Date().toISOString(),
    end: new Date(Date.now() + 3600_000).toISOString(), audio: { kind: 'stream', url: 'http://127.0.0.1:8000/live.mp3' }, text: '', seq: ++seq, ...over,
  };
}
export function stopCmd(n: number): StopCommand {
  return { v: 1, type: 'stop', ebmid: ebmid(n), cancelEbmid: null, seq: ++seq };
}

/** Polls `fn` until true (5 s). */
export async function until(what: string, fn: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!fn()) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
