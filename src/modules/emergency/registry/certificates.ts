/**
 * Terminal certificates (GD/J 081 / 089 0x17): the SM2 public key and certificate serial
 * a terminal signs its frames with. The GD/J 089 TCP driver accepts a terminal only
 * when its first frame verifies with the certificate registered here. Enrolled in bulk
 * (a county's terminals are provisioned by the batch), by EBRID; audited as one entry
 * per call with the EBRIDs changed.
 */
import { Type, type Static } from 'typebox';
import type { Db } from '../../../platform/db/index.ts';
import { appError } from '../../../platform/errors.ts';
import { recordAudit } from '../../../platform/audit/index.ts';
import { isCertSerial, isValidPublicKey, normalizeCertSerial } from '../../../platform/crypto/index.ts';
import type { RequestContext } from '../../../platform/auth/actor.ts';

export const EnrollBody = Type.Object({
  items: Type.Array(Type.Object({
    ebrid: Type.String({ pattern: '^\\d{23}$' }),
    certSerial: Type.String({ pattern: '^[0-9A-Fa-f]{12}$', description: '48-bit certificate serial, 12 hex digits' }),
    publicKey: Type.String({ pattern: '^04[0-9A-Fa-f]{128}$', description: 'SM2 public key, uncompressed point 04‖x‖y in hex' }),
  }, { additionalProperties: false }), { minItems: 1, maxItems: 5000 }),
}, { additionalProperties: false });
export type EnrollBody = Static<typeof EnrollBody>;

/** Sets the certificates of the listed terminals; all or nothing. Returns how many were set. */
export async function enrollCertificates(db: Db, ctx: RequestContext, body: EnrollBody): Promise<{ enrolled: number }> {
  const centerId = ctx.actor.centerId;
  body.items.forEach((it, i) => {
    if (!isCertSerial(normalizeCertSerial(it.certSerial)) || !isValidPublicKey(it.publicKey)) {
      throw appError('VALIDATION_FAILED', { field: `items/${i}/publicKey`, message: `items[${i}]: not a valid SM2 public key or certificate serial.` });
    }
  });
  return db.transaction().execute(async (tx) => {
    const ebrids = [...new Set(body.items.map((it) => it.ebrid))];
    const found = new Set<string>();
    for (let i = 0; i < ebrids.length; i += 500) {
      const rows = await tx.selectFrom('eb_resources').select('ebrid').where('center_id', '=', centerId).where('kind', '=', 'terminal').where('ebrid', 'in', ebrids.slice(i, i + 500)).execute();
      rows.forEach((r) => found.add(r.ebrid));
    }
    const missing = ebrids.filter((e) => !found.has(e));
    if (missing.length) throw appError('EB_RESOURCE_NOT_FOUND', { field: 'items', message: `Not terminals of this center: ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? ` and ${missing.length - 10} more` : ''}.` });
    const now = new Date().toISOString();
    for (const it of body.items) {
      await tx.updateTable('eb_resources').set({ cert_serial: normalizeCertSerial(it.certSerial), cert_public_key: it.publicKey.toLowerCase(), updated_at: now })
        .where('center_id', '=', centerId).where('ebrid', '=', it.ebrid).execute();
    }
    await recordAudit(tx, {
      centerId, actor: { id: ctx.actor.userId, name: ctx.actor.username }, ip: ctx.ip, action: 'eb.resource.certificates', subjectType: 'eb_resource', subjectId: null,
      detail: { count: body.items.length, ebrids: ebrids.slice(0, 50), serials: [...new Set(body.items.map((it) => normalizeCertSerial(it.certSerial)))].slice(0, 10) },
    });
    return { enrolled: body.items.length };
  });
}
