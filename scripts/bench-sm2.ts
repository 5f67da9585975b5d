/**
 * SM2 speed on this machine: `node --import tsx scripts/bench-sm2.ts [msPerCase]`.
 * Prints JSON: operations per second for signing and for verification with and
 * without precomputed public keys, next to sm-crypto-v2 used naively (hash: true,
 * key as hex: Z and the hex round trip of the message redone on every call).
 * Single-threaded; the numbers scale with cores when verification is spread over
 * worker threads.
 */
import { sm2 } from 'sm-crypto-v2';
import { CertificateTrustList, generateKeyPair, preparePublicKey, SoftwareSigner, verifySignatureValue } from '../src/platform/crypto/index.ts';

const msPerCase = Number(process.argv[2] ?? 2000);
const SERIAL = '0123456789AB';
const now = new Date();

/** Runs `fn` for a warm-up and then for `msPerCase`; returns operations per second. */
async function rate(fn: () => unknown | Promise<unknown>): Promise<number> {
  const run = async (ms: number): Promise<number> => {
    let n = 0;
    const start = performance.now();
    while (performance.now() - start < ms) {
      await fn();
      n++;
    }
    return (n * 1000) / (performance.now() - start);
  };
  await run(Math.min(300, msPerCase / 4));
  return Math.round(await run(msPerCase));
}

function trustWith(publicKeyHex: string, window: number): CertificateTrustList {
  const list = new CertificateTrustList({ precomputeWindow: window, maxPrecomputedKeys: window > 1 ? 1 : 0 });
  list.add(SERIAL, { publicKeyHex, subject: 'bench', validFrom: new Date(0), validTo: new Date('2100-01-01') });
  return list;
}

function precomputeCost(window: number): { ms: number; kbPerKey: number } {
  const keys = Array.from({ length: 8 }, () => generateKeyPair().publicKeyHex);
  globalThis.gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  const start = performance.now();
  const kept = keys.map((k) => preparePublicKey(k, { window }));
  const ms = (performance.now() - start) / keys.length;
  globalThis.gc?.();
  const kb = (process.memoryUsage().heapUsed - heap0) / keys.length / 1024;
  if (kept.length !== keys.length) throw new Error('unreachable');
  return { ms: Math.round(ms * 10) / 10, kbPerKey: Math.round(kb) };
}

async function main(): Promise<void> {
  const key = generateKeyPair();
  const signer = new SoftwareSigner({ privateKeyHex: key.privateKeyHex, certSerial: SERIAL });
  const small = Buffer.alloc(1024, 0x41);
  const large = Buffer.alloc(256 * 1024, 0x42);
  const sigSmall = await signer.sign(small, now);
  const sigLarge = await signer.sign(large, now);
  const lists = { none: trustWith(key.publicKeyHex, 1), w4: trustWith(key.publicKeyHex, 4), w8: trustWith(key.publicKeyHex, 8) };
  const check = (data: Buffer, sig: Buffer, list: CertificateTrustList) => {
    if (!verifySignatureValue(data, sig, list, { now }).ok) throw new Error('benchmark signature did not verify');
  };
  const naiveSig = sm2.doSignature(small, key.privateKeyHex, { hash: true });
  const naiveLargeSig = sm2.doSignature(large, key.privateKeyHex, { hash: true });
  const naive = (data: Buffer, sig: string) => {
    if (!sm2.doVerifySignature(data, sig, key.publicKeyHex, { hash: true })) throw new Error('naive signature did not verify');
  };

  const result = {
    node: process.version,
    msPerCase,
    message1KB: {
      signPerSec: await rate(() => signer.sign(small, now)),
      verifyPerSec: await rate(() => check(small, sigSmall, lists.none)),
      verifyPrecomputedW4PerSec: await rate(() => check(small, sigSmall, lists.w4)),
      verifyPrecomputedW8PerSec: await rate(() => check(small, sigSmall, lists.w8)),
      naiveLibrarySignPerSec: await rate(() => sm2.doSignature(small, key.privateKeyHex, { hash: true })),
      naiveLibraryVerifyPerSec: await rate(() => naive(small, naiveSig)),
    },
    message256KB: {
      signPerSec: await rate(() => signer.sign(large, now)),
      verifyPrecomputedW8PerSec: await rate(() => check(large, sigLarge, lists.w8)),
      naiveLibraryVerifyPerSec: await rate(() => naive(large, naiveLargeSig)),
    },
    precompute: { window4: precomputeCost(4), window8: precomputeCost(8) },
  };
  console.log(JSON.stringify(result, null, 2));
}

await main();
