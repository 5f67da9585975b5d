/**
 * The platform's signing key (GD/J 081) and the certificates it trusts. The private
 * key stays out of the database (and so out of its backups): a PKCS#8 PEM file under
 * DATA_DIR/keys, readable by the server only. The Signer interface lets a hardware
 * crypto card take its place later; `key_ref` then names the device slot.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Db, Executor } from '../../../platform/db/index.ts';
import { appError } from '../../../platform/errors.ts';
import {
  CertificateTrustList, generateKeyPair, privateKeyFromPem, privateKeyToPem, SoftwareSigner, type Signer,
} from '../../../platform/crypto/index.ts';

function keyDir(dataDir: string): string {
  return path.join(dataDir, 'keys');
}

/** Creates the center's signing key if it has none; returns the active key's serial. */
export async function ensurePlatformKey(db: Db, dataDir: string, centerId: string): Promise<string> {
  const active = await db.selectFrom('eb_platform_keys').select('cert_serial').where('center_id', '=', centerId).where('active', '=', 1).executeTakeFirst();
  if (active) return active.cert_serial;
  return rotatePlatformKey(db, dataDir, centerId);
}

/** Makes a new key the active one; the old key's row stays, retired, so old signatures still verify. */
export async function rotatePlatformKey(db: Db, dataDir: string, centerId: string): Promise<string> {
  const pair = generateKeyPair();
  const serial = randomBytes(6).toString('hex').toUpperCase();
  const file = `${centerId}-${serial}.pem`;
  fs.mkdirSync(keyDir(dataDir), { recursive: true, mode: 0o700 });
  fs.writeFileSync(path.join(keyDir(dataDir), file), privateKeyToPem(pair.privateKeyHex), { mode: 0o600 });
  const now = new Date().toISOString();
  await db.transaction().execute(async (tx) => {
    await tx.updateTable('eb_platform_keys').set({ active: 0, retired_at: now }).where('center_id', '=', centerId).where('active', '=', 1).execute();
    await tx.insertInto('eb_platform_keys').values({ id: randomUUID(), center_id: centerId, cert_serial: serial, public_key: pair.publicKeyHex, key_ref: file, active: 1, created_at: now, retired_at: null }).execute();
  });
  return serial;
}

/** The signer of the center's active key. */
export async function platformSigner(exec: Executor, dataDir: string, centerId: string): Promise<Signer> {
  const row = await exec.selectFrom('eb_platform_keys').selectAll().where('center_id', '=', centerId).where('active', '=', 1).executeTakeFirst();
  if (!row) throw appError('EB_SIGNING_KEY_MISSING');
  // A key file never changes (rotation writes a new one), so each is read and parsed once:
  // dispatch asks for the signer on every command it sends.
  const file = path.join(keyDir(dataDir), row.key_ref);
  const known = signers.get(file);
  if (known) return known;
  let pem: string;
  try {
    pem = fs.readFileSync(file, 'utf8');
  } catch {
    throw appError('EB_SIGNING_KEY_MISSING');
  }
  const signer = new SoftwareSigner({ privateKeyHex: privateKeyFromPem(pem), certSerial: row.cert_serial });
  signers.set(file, signer);
  return signer;
}

const signers = new Map<string, Signer>();

/** Everything this center accepts signatures from: its own keys (active and retired) and the certificates it trusts. */
export async function trustListOf(exec: Executor, centerId: string): Promise<CertificateTrustList> {
  const trust = new CertificateTrustList();
  const far = new Date('2099-12-31T00:00:00Z');
  for (const k of await exec.selectFrom('eb_platform_keys').selectAll().where('center_id', '=', centerId).execute()) {
    // SigTime has whole seconds; a key made this instant must already be valid for it.
    trust.add(k.cert_serial, { publicKeyHex: k.public_key, subject: 'platform', validFrom: new Date(Date.parse(k.created_at) - 3600_000), validTo: far });
  }
  for (const c of await exec.selectFrom('eb_trusted_certs').selectAll().where('center_id', '=', centerId).execute()) {
    trust.add(c.cert_serial, { publicKeyHex: c.public_key, subject: c.subject, validFrom: new Date(c.valid_from), validTo: new Date(c.valid_to), revoked: c.revoked_at !== null });
  }
  return trust;
}
