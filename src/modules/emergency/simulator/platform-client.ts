/**
 * What a fleet of simulated terminals needs from a running platform, over its public
 * API (as a provisioning tool would): a login, the signing certificates terminals must
 * trust, the registered terminals, and, for IP terminals, enrolment of a certificate
 * the simulator holds the key of (one batch key for the fleet, as terminals are
 * provisioned by the batch). MQTT passwords are derived from DATA_DIR's broker secret,
 * so the simulator runs on the platform's machine (or is given the data directory).
 */
import { generateKeyPair } from '../../../platform/crypto/index.ts';
import { brokerSecret, terminalPassword } from '../../../platform/mqtt-auth.ts';
import type { TrustedKey } from './verify-pool.ts';
import type { FleetProtocol, FleetTerminal } from './types.ts';

export interface RegisteredTerminal { ebrid: string; areaCode: string; protocol: string | null; status: string }

export class PlatformClient {
  readonly base: string;
  #token = '';

  constructor(base: string) {
    this.base = base.replace(/\/$/, '');
  }

  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.base}${path}`, {
      method, headers: { ...(this.#token ? { authorization: `Bearer ${this.#token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
    return (text ? JSON.parse(text) : null) as T;
  }

  async login(username: string, password: string, center?: string): Promise<void> {
    this.#token = (await this.call<{ token: string }>('POST', '/api/auth/login', { username, password, ...(center ? { center } : {}) })).token;
  }

  /** The platform's signing certificates: what every terminal trusts. */
  async trustedKeys(): Promise<TrustedKey[]> {
    const keys = await this.call<{ items: { certSerial: string; publicKey: string; createdAt: string }[] }>('GET', '/api/eb/keys');
    return keys.items.map((k) => ({ certSerial: k.certSerial, publicKeyHex: k.publicKey, validFrom: new Date(Date.parse(k.createdAt) - 3600_000).toISOString(), validTo: '2099-12-31T00:00:00.000Z' }));
  }

  /** Every registered terminal inside `area` (default: all), in EBRID order. */
  async terminals(area?: string): Promise<RegisteredTerminal[]> {
    const out: RegisteredTerminal[] = [];
    for (let page = 1; ; page++) {
      const r = await this.call<{ items: RegisteredTerminal[]; total: number }>('GET', `/api/eb/resources?kind=terminal&sort=ebrid&pageSize=200&page=${page}${area ? `&area=${area}` : ''}`);
      out.push(...r.items);
      if (out.length >= r.total || r.items.length === 0) return out;
    }
  }

  /** Enrols one batch key for these IP terminals; returns its private key and serial. */
  async enrolBatchKey(ebrids: string[]): Promise<{ privateKeyHex: string; certSerial: string }> {
    const pair = generateKeyPair();
    const certSerial = `5B${Date.now().toString(16).toUpperCase().padStart(10, '0')}`.slice(0, 12);
    for (let i = 0; i < ebrids.length; i += 5000) {
      await this.call('POST', '/api/eb/resources/certificates', { items: ebrids.slice(i, i + 5000).map((ebrid) => ({ ebrid, certSerial, publicKey: pair.publicKeyHex })) });
    }
    return { privateKeyHex: pair.privateKeyHex, certSerial };
  }
}

/** The fleet's terminals: MQTT ones with their broker (round robin over `mqttUrls`) and password, IP ones with the batch key. */
export function fleetTerminals(list: RegisteredTerminal[], protocol: FleetProtocol, opts: { dataDir?: string; mqttUrls?: string[]; batchKey?: { privateKeyHex: string; certSerial: string } }): FleetTerminal[] {
  if (protocol === 'mqtt') {
    const secret = brokerSecret(opts.dataDir!);
    const urls = opts.mqttUrls!;
    return list.map((t, i) => ({ ebrid: t.ebrid, areaCode: t.areaCode, url: urls[i % urls.length], password: terminalPassword(secret, t.ebrid) }));
  }
  return list.map((t) => ({ ebrid: t.ebrid, areaCode: t.areaCode, ...opts.batchKey! }));
}

/** A deterministic share of terminals (by EBRID), e.g. the ones that stay offline. */
export function shareOf<T extends { ebrid: string }>(items: T[], share: number, salt: string): Set<string> {
  const picked = new Set<string>();
  for (const t of items) {
    let h = 2166136261;
    for (const ch of `${salt}:${t.ebrid}`) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
    if ((h % 10_000) / 10_000 < share) picked.add(t.ebrid);
  }
  return picked;
}
