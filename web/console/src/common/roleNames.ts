/**
 * Role names in the current language. The API gives each role `name` (Chinese, or
 * whatever a custom role was called) and `nameEn` (built-in roles' English name;
 * for custom roles the same as `name`).
 */
import type { RoleLabel } from '../api/types';
import type { Lang } from '../i18n';

type Named = Pick<RoleLabel, 'name' | 'nameEn'>;

/** The role's name in `lang`. */
export function roleName(role: Named, lang: Lang): string {
  return lang === 'en' ? role.nameEn || role.name : role.name;
}

/** The name of the role with `code` among `roles`, or the code when it is not there. */
export function roleNameOf(code: string, roles: readonly (Named & { code: string })[], lang: Lang): string {
  const role = roles.find((r) => r.code === code);
  return role ? roleName(role, lang) : code;
}
