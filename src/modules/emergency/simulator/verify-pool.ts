/**
 * Signature verification for a process full of simulated terminals. A real terminal
 * verifies on its own chip, in parallel with every other terminal; thousands of
 * simulated ones in one process verifying one after another would measure the
 * simulator, not the platform. So:
 *
 * - verification runs on worker threads (the event loop keeps moving packets), and
 * - identical bytes checked at the same clock are verified once per process: the
 *   verdict every terminal would reach on its own chip is the same, so they share it.
 *
 * Time spent verifying is counted apart (`stats`), for the benchmark to report
 * separately from delivery time. Only the signature check is shared: each terminal
 * still applies its own replay guard, priority rules and expiry.
 */
import { Worker } from 'node:worker_threads';
import { CertificateTrustList, joinSignatureValue, signatureHeader, type TrustList, type VerifyResult } from '../../../platform/crypto/index.ts';

export interface TrustedKey { certSerial: string; publicKeyHex: string; validFrom: string; validTo: string }

export function trustListFrom(keys: TrustedKey[]): TrustList {
  const trust = new CertificateTrustList();
  for (const k of keys) trust.add(k.certSerial, { publicKeyHex: k.publicKeyHex, subject: 'platform', validFrom: new Date(k.validFrom), validTo: new Date(k.validTo) });
  return trust;
}

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const loaded = import(workerData.tsx).then((t) => t.register()).then(() => import(workerData.crypto));
parentPort.on('message', async (m) => {
  const crypto = await loaded;
  globalThis.__trust ??= (() => { const t = new crypto.CertificateTrustList(); for (const k of workerData.keys) t.add(k.certSerial, { publicKeyHex: k.publicKeyHex, subject: 'platform', validFrom: new Date(k.validFrom), validTo: new Date(k.validTo) }); return t; })();
  const t0 = performance.now();
  const d = crypto.verifySignatureValue(m.bytes, m.value, globalThis.__trust, { now: new Date(m.now) });
  parentPort.postMessage({ id: m.id, d, ms: performance.now() - t0 });
});`;

/** A verification asked for: the bytes it covers, and its verdict once a thread gave it. */
interface Verdict { bytes: Uint8Array; verdict: VerifyResult | null; pending: Promise<VerifyResult> }

export class VerifyPool {
  readonly stats = { requests: 0, verified: 0, verifyMs: 0 };
  readonly #workers: Worker[] = [];
  readonly #memo = new Map<string, Verdict>();
  /** The last question, by the identity of its arrays: thousands of terminals ask it in a row. */
  #lastAsked: { value: Uint8Array; signed: Uint8Array; second: number; entry: Verdict } | null = null;
  readonly #waiting = new Map<number, (d: VerifyResult) => void>();
  readonly #keys: TrustedKey[];
  #next = 0;
  #rr = 0;

  constructor(keys: TrustedKey[], threads = 2) {
    this.#keys = keys;
    const crypto = new URL('../../../platform/crypto/index.ts', import.meta.url).href;
    for (let i = 0; i < threads; i++) {
      const w = new Worker(WORKER, { eval: true, workerData: { keys, crypto, tsx: import.meta.resolve('tsx/esm/api') } });
      w.on('message', (m: { id: number; d: VerifyResult; ms: number }) => {
        this.stats.verifyMs += m.ms;
        this.#waiting.get(m.id)?.(m.d);
        this.#waiting.delete(m.id);
      });
      w.on('error', (err) => { for (const f of this.#waiting.values()) f({ ok: false, reason: 'BAD_SIGNATURE', detail: `verifier failed: ${err.message}` } as unknown as VerifyResult); this.#waiting.clear(); });
      this.#workers.push(w);
    }
  }

  /**
   * Checks a GD/J 081 signature value over `bytes` as a terminal whose clock reads `now`
   * would: the verdict itself once it is known for the same bytes and second, else a
   * promise of it (the first asker waits for a verifier thread, later ones share it). The
   * arrays handed in must not be changed afterwards (they are remembered by identity).
   */
  readonly verify = (bytes: Uint8Array, value: Uint8Array, now: Date): VerifyResult | Promise<VerifyResult> => {
    this.stats.requests++;
    // Same bytes, same signature, same second on the terminal's clock: same verdict. Terminals
    // of this process that read the same frame hand in the same decoded arrays (sim-frames.ts):
    // found by identity; otherwise by the signature value (it differs between signed messages),
    // then the bytes compared.
    const second = Math.floor(now.getTime() / 1000);
    const same = this.#lastAsked;
    if (same && same.value === value && same.signed === bytes && same.second === second) return same.entry.verdict ?? same.entry.pending;
    const key = `${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('latin1')}:${second}`;
    const hit = this.#memo.get(key);
    if (hit && hit.bytes.length === bytes.length && Buffer.compare(hit.bytes, bytes) === 0) {
      this.#lastAsked = { value, signed: bytes, second, entry: hit };
      return hit.verdict ?? hit.pending;
    }
    this.stats.verified++;
    const id = this.#next++;
    const entry: Verdict = { bytes: new Uint8Array(bytes), verdict: null, pending: new Promise<VerifyResult>((resolve) => this.#waiting.set(id, resolve)) };
    void entry.pending.then((v) => (entry.verdict = v));
    this.#workers[this.#rr++ % this.#workers.length]!.postMessage({ id, bytes, value, now: now.getTime() });
    this.#memo.set(key, entry);
    this.#lastAsked = { value, signed: bytes, second, entry };
    if (this.#memo.size > 10_000) this.#memo.delete(this.#memo.keys().next().value!);
    return entry.pending;
  };

  /**
   * Loads every worker and warms it, so timings exclude what a real terminal's chip never
   * pays: module loading, and the first verifications' unoptimized code (~100 ms). Each
   * trusted key checks a few signatures that fail only after the full curve arithmetic
   * (right time and serial, arbitrary r ‖ s).
   */
  async warm(keys: TrustedKey[] = this.#keys): Promise<void> {
    const rs = Buffer.alloc(64, 0x5a);
    const values = keys.flatMap((k) => Array.from({ length: 20 }, () => joinSignatureValue(signatureHeader(new Date(), k.certSerial), rs)));
    if (values.length === 0) values.push(Buffer.alloc(74));
    await Promise.all(this.#workers.map((w) => Promise.all(values.map((value) => {
      const id = this.#next++;
      const done = new Promise<void>((resolve) => this.#waiting.set(id, () => resolve()));
      w.postMessage({ id, bytes: new Uint8Array(1), value, now: Date.now() });
      return done;
    }))));
    this.stats.verifyMs = 0;
  }

  async close(): Promise<void> {
    await Promise.all(this.#workers.map((w) => w.terminate()));
  }
}
