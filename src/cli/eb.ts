/**
 * `rongmei eb …`: the emergency-broadcast keys and certificates from the command line,
 * for the engineer setting up a platform (GD/J 081 authorization list):
 *   eb cert add --serial S --key HEX --subject SUBJ [--from ISO] [--to ISO]
 *   eb cert list | eb cert revoke SERIAL
 *   eb key show | eb key rotate
 *   eb terminal-password EBRID   the terminal's login on the embedded MQTT broker (provisioning)
 * Every command takes --center C (optional when there is one center). Changes are audited.
 */
import { parseArgs } from 'node:util';
import type { Config } from '../platform/config.ts';
import type { DbHandle } from '../platform/db/index.ts';
import { recordAudit } from '../platform/audit/index.ts';
import { ensurePlatformKey, rotatePlatformKey } from '../modules/emergency/index.ts';
import { addCert, listCerts, revokeCert } from '../modules/emergency/inbound/index.ts';
import { brokerSecret, terminalPassword } from '../platform/mqtt-auth.ts';

const USAGE = `Usage:
  rongmei eb cert add --serial S --key HEX --subject SUBJECT [--from ISO] [--to ISO] [--center C]
  rongmei eb cert list [--center C]
  rongmei eb cert revoke SERIAL [--center C]
  rongmei eb key show [--center C]
  rongmei eb key rotate [--center C]
  rongmei eb terminal-password EBRID [EBRID …]`;

const CLI_ACTOR = { id: 'cli', name: 'cli' };

/** Runs `rongmei eb …` on an open, migrated database; returns the exit code. */
export async function ebCommand(h: DbHandle, config: Config, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args, allowPositionals: true,
    options: { center: { type: 'string' }, serial: { type: 'string' }, key: { type: 'string' }, subject: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' } },
  });
  const [what, verb, arg] = positionals;
  if (what === 'terminal-password') {
    const ebrids = positionals.slice(1);
    if (!ebrids.length || !ebrids.every((e) => /^\d{23}$/.test(e))) {
      console.error('Error: give one or more 23-digit terminal EBRIDs (GD/J 080)');
      return 2;
    }
    const secret = brokerSecret(config.dataDir);
    for (const e of ebrids) console.log(`${e}  ${terminalPassword(secret, e)}`);
    return 0;
  }
  const centers = await h.db.selectFrom('centers').select(['id', 'code']).execute();
  const center = values.center ? centers.find((c) => c.code === values.center) : centers.length === 1 ? centers[0] : undefined;
  if (!center) {
    console.error(values.center || centers.length === 0
      ? `Error: no center "${values.center ?? ''}"; create one with: rongmei center add --code C --name N`
      : `Error: there are ${centers.length} centers; name one with --center (${centers.map((c) => c.code).join(', ')})`);
    return 1;
  }
  const who = { centerId: center.id, actor: CLI_ACTOR, ip: null };
  if (what === 'cert' && verb === 'add' && values.serial && values.key && values.subject) {
    const from = values.from ?? new Date().toISOString();
    const to = values.to ?? new Date(Date.now() + 5 * 365 * 86400_000).toISOString();
    const c = await addCert(h.db, who, { certSerial: values.serial, publicKey: values.key, subject: values.subject, validFrom: from, validTo: to });
    console.log(`Trusted certificate ${c.certSerial} (${c.subject}), valid ${c.validFrom} – ${c.validTo}, in center ${center.code}`);
    return 0;
  }
  if (what === 'cert' && verb === 'list') {
    const { items } = await listCerts(h.db, center.id);
    if (items.length === 0) console.log(`No trusted certificates in center ${center.code}.`);
    for (const c of items) console.log(`${c.certSerial}  ${c.state.padEnd(11)}  ${c.validFrom.slice(0, 10)} – ${c.validTo.slice(0, 10)}  ${c.subject}`);
    return 0;
  }
  if (what === 'cert' && verb === 'revoke' && arg) {
    const c = await revokeCert(h.db, who, arg);
    console.log(`Revoked certificate ${c.certSerial} (${c.subject}) at ${c.revokedAt}`);
    return 0;
  }
  if (what === 'key' && (verb === 'show' || verb === 'rotate')) {
    if (verb === 'rotate') {
      const had = await h.db.selectFrom('eb_platform_keys').select('id').where('center_id', '=', center.id).executeTakeFirst();
      const serial = had ? await rotatePlatformKey(h.db, config.dataDir, center.id) : await ensurePlatformKey(h.db, config.dataDir, center.id);
      await h.db.transaction().execute((tx) => recordAudit(tx, { ...who, action: 'eb.keys.rotate', subjectType: 'eb_key', subjectId: serial, detail: { via: 'cli' } }));
      console.log(`Active signing key of center ${center.code} is now ${serial}: give its public key to the receiving platforms.`);
    }
    const keys = await h.db.selectFrom('eb_platform_keys').select(['cert_serial', 'public_key', 'active', 'created_at']).where('center_id', '=', center.id).orderBy('created_at', 'desc').execute();
    if (keys.length === 0) console.log(`Center ${center.code} has no signing key yet: rongmei eb key rotate`);
    for (const k of keys) console.log(`${k.cert_serial}  ${Number(k.active) === 1 ? 'active ' : 'retired'}  ${k.created_at}  ${k.public_key}`);
    return 0;
  }
  console.error(USAGE);
  return 2;
}
