/** `rongmei user add`: scripted creation of a user (e.g. the first administrator). */
import { parseArgs } from 'node:util';
import { randomUUID } from 'node:crypto';
import type { DbHandle } from '../platform/db/index.ts';
import { appError } from '../platform/errors.ts';
import { assertPasswordStrong, hashPassword } from '../platform/auth/password.ts';
import { recordAudit } from '../platform/audit/index.ts';
import { isUniqueViolation } from '../platform/db/sql.ts';

export async function addUser(h: DbHandle, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args, allowPositionals: true,
    options: { username: { type: 'string' }, password: { type: 'string' }, role: { type: 'string', multiple: true }, center: { type: 'string' }, name: { type: 'string' } },
  });
  if (positionals[0] !== 'add' || !values.username || !values.password || !values.role?.length) {
    console.error('Usage: rongmei user add --username U --password P --role R [--role R2] [--center C] [--name NAME]');
    return 2;
  }
  const centers = await h.db.selectFrom('centers').select(['id', 'code']).execute();
  const center = values.center ? centers.find((c) => c.code === values.center) : centers.length === 1 ? centers[0] : undefined;
  if (!center) {
    console.error(values.center || centers.length === 0
      ? `Error: no center "${values.center ?? ''}"; create one with: rongmei center add --code C --name N`
      : `Error: there are ${centers.length} centers; name one with --center (${centers.map((c) => c.code).join(', ')})`);
    return 1;
  }
  assertPasswordStrong(values.password, values.username);
  const roles = await h.db.selectFrom('roles').select(['id', 'code']).where('center_id', '=', center.id).where('code', 'in', values.role).execute();
  const missing = values.role.filter((r) => !roles.some((x) => x.code === r));
  if (missing.length) throw appError('ROLE_NOT_FOUND', { field: 'role', message: `No such role: ${missing.join(', ')}` });
  const hash = await hashPassword(values.password);
  const now = new Date().toISOString();
  const id = randomUUID();
  try {
    await h.db.transaction().execute(async (tx) => {
      await tx.insertInto('users').values({
        id, center_id: center.id, username: values.username!, display_name: values.name ?? values.username!, password_hash: hash,
        department_id: null, resident_account_id: null, status: 'active', failed_logins: 0, locked_until: null,
        password_changed_at: now, last_login_at: null, created_at: now, updated_at: now,
      }).execute();
      await tx.insertInto('user_roles').values(roles.map((r) => ({ center_id: center.id, user_id: id, role_id: r.id }))).execute();
      await recordAudit(tx, {
        centerId: center.id, actor: { id: 'cli', name: 'cli' }, action: 'identity.user.create', subjectType: 'user', subjectId: id, afterId: id,
        detail: { username: values.username, roles: values.role, via: 'cli' },
      });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw appError('USERNAME_TAKEN', { field: 'username' });
    throw err;
  }
  console.log(`Created user ${values.username} in center ${center.code} with roles ${values.role.join(', ')}`);
  return 0;
}
