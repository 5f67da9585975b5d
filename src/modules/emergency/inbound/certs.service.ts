/**
 * The authorization list (GD/J 081): the sender certificates this center accepts
 * signatures from. Certificates are added and revoked, never edited or deleted: a
 * revoked one stays listed so a refusal can say why. Used by the API and the CLI.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../../../platform/db/index.ts';
import { appError } from '../../../platform/errors.ts';
import { recordAudit } from '../../../platform/audit/index.ts';
import { isUniqueViolation } from '../../../platform/db/sql.ts';
import { isCertSerial, isValidPublicKey } from '../../../platform/crypto/index.ts';
import { presentCert } from './presenters.ts';
import * as repo from './repository.ts';
import type { CertIn } from './schema.ts';

/** Who acts: a logged-in user, or the CLI (actor null). */
export interface CertActor {
  centerId: string;
  actor: { id: string; name: string } | null;
  ip: string | null;
}

export async function listCerts(db: Db, centerId: string) {
  return { items: (await repo.listCerts(db, centerId)).map((c) => presentCert(c)) };
}

export async function addCert(db: Db, who: CertActor, c: CertIn) {
  if (!isCertSerial(c.certSerial)) throw appError('EB_CERT_INVALID', { field: 'certSerial', message: 'certSerial must be 12 hex digits.' });
  const publicKey = c.publicKey.toLowerCase();
  if (!isValidPublicKey(publicKey)) throw appError('EB_CERT_INVALID', { field: 'publicKey', message: 'publicKey is not an SM2 public key on the curve (04 ‖ x ‖ y, 130 hex digits).' });
  const from = Date.parse(c.validFrom);
  const to = Date.parse(c.validTo);
  if (!Number.isFinite(from) || !Number.isFinite(to) || !(from < to)) throw appError('EB_CERT_INVALID', { field: 'validTo', message: 'validTo must be a date after validFrom.' });
  const serial = c.certSerial.toUpperCase();
  const row = {
    id: randomUUID(), center_id: who.centerId, cert_serial: serial, public_key: publicKey, subject: c.subject.trim(),
    valid_from: new Date(from).toISOString(), valid_to: new Date(to).toISOString(), revoked_at: null, created_at: new Date().toISOString(),
  };
  if (!row.subject) throw appError('EB_CERT_INVALID', { field: 'subject', message: 'subject names who holds the certificate.' });
  try {
    await db.transaction().execute(async (tx) => {
      await repo.insertCert(tx, row);
      await recordAudit(tx, { ...who, action: 'eb.cert.add', subjectType: 'eb_cert', subjectId: serial, detail: { subject: row.subject, validFrom: row.valid_from, validTo: row.valid_to } });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw appError('EB_CERT_TAKEN', { field: 'certSerial' });
    throw err;
  }
  return presentCert(row);
}

export async function revokeCert(db: Db, who: CertActor, serialIn: string) {
  const serial = serialIn.toUpperCase();
  return db.transaction().execute(async (tx) => {
    const cert = await repo.loadCert(tx, who.centerId, serial);
    if (!cert) throw appError('EB_CERT_NOT_FOUND');
    const at = new Date().toISOString();
    // Revoking twice is harmless: the first revocation time stays.
    if (await repo.revokeCert(tx, who.centerId, serial, at)) {
      await recordAudit(tx, { ...who, action: 'eb.cert.revoke', subjectType: 'eb_cert', subjectId: serial, detail: { subject: cert.subject } });
    }
    return presentCert((await repo.loadCert(tx, who.centerId, serial))!);
  });
}
