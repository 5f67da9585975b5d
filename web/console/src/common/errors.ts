/**
 * Turning server errors into words for staff. In Chinese, known error codes get a
 * Chinese message (the server writes English); in English the server's own message
 * is shown, as it is often more specific. A field-level error goes to its form field.
 */
import type { FormInstance } from 'antd';
import { ApiError } from '../api/client';
import type { I18n } from '../i18n';

function lockedUntil(err: ApiError): string | null {
  const value = err.details?.lockedUntil;
  return typeof value === 'string' ? value : null;
}

/** Who holds a manuscript's edit lock, from a MANUSCRIPT_LOCKED error's details. */
export function lockHolder(err: unknown): { name: string; until: string } | null {
  if (!(err instanceof ApiError) || err.code !== 'MANUSCRIPT_LOCKED') return null;
  const name = err.details?.lockedBy;
  const until = err.details?.until;
  return typeof name === 'string' && typeof until === 'string' ? { name, until } : null;
}

/**
 * The area an EB_AREA_NOT_GRANTED error names: the server's message writes it as
 * "九峰镇 (440281103000)"; without a name there, the code alone.
 */
function refusedArea(err: ApiError): string | null {
  const code = err.details?.areaCode;
  if (typeof code !== 'string') return null;
  const named = new RegExp(`([^\\s(]+) \\(${code.replace(/[^\w]/g, '\\$&')}\\)`).exec(err.message ?? '');
  return named ? `${named[1]}（${code}）` : code;
}

/**
 * Errors whose details say more than the code: a sentence built from them (null when
 * the details are not understood). For EB_AREA_NOT_GRANTED, the area and the reason.
 */
function fromDetails(err: ApiError, i18n: I18n): string | null {
  if (err.code === 'EB_AREA_NOT_GRANTED') {
    const area = refusedArea(err);
    const reason = err.details?.reason;
    if (area && typeof reason === 'string') {
      const key = `error.EB_AREA_NOT_GRANTED.${reason}`;
      const said = i18n.tOr(key, '', { area });
      if (said) return said;
    }
    // Unknown reason: the generic words and the server's own message, which names the area.
    return err.message ? `${i18n.t('error.EB_AREA_NOT_GRANTED')}（${err.message}）` : null;
  }
  return null;
}

/** One sentence explaining `err` in the current language. */
export function errorMessage(err: unknown, i18n: I18n): string {
  if (!(err instanceof ApiError)) return i18n.t('error.unexpected');
  if (err.code === 'AUTH_ACCOUNT_LOCKED') {
    const until = lockedUntil(err);
    if (until) return i18n.t('error.AUTH_ACCOUNT_LOCKED_UNTIL', { time: i18n.formatDateTime(until) });
  }
  if (err.code === 'MANUSCRIPT_LOCKED') {
    const by = lockHolder(err);
    if (by) return i18n.t('error.MANUSCRIPT_LOCKED_BY', { name: by.name, time: i18n.formatDateTime(by.until) });
  }
  if (err.code === 'NETWORK_ERROR') return i18n.t('error.NETWORK_ERROR');
  if (i18n.lang === 'en' && err.message) return err.message;
  const detailed = fromDetails(err, i18n);
  if (detailed) return detailed;
  if (err.code === 'VALIDATION_FAILED') {
    return err.message ? `${i18n.t('error.VALIDATION_FAILED')}（${err.message}）` : i18n.t('error.VALIDATION_FAILED');
  }
  return i18n.tOr(`error.${err.code}`, err.message || i18n.t('error.unexpected'));
}

/**
 * Puts a server error on the form field it names (`error.field`, dotted path).
 * Returns false when the error names no field of this form: show it elsewhere.
 */
export function applyFieldError(form: FormInstance, err: unknown, i18n: I18n, fields: readonly string[]): boolean {
  if (!(err instanceof ApiError) || !err.field) return false;
  // Schema validation names the request part (`body.username`); services name the field alone.
  const path = err.field.replace(/^(body|query|params)\./, '').split('.');
  if (!fields.includes(path[0])) return false;
  form.setFields([{ name: path.length === 1 ? path[0] : path, errors: [errorMessage(err, i18n)] }]);
  return true;
}

/** The client-side password rule, mirroring the server: ≥ 8 characters, letters and digits. */
export function isStrongPassword(password: string): boolean {
  return password.length >= 8 && /[A-Za-z]/.test(password) && /\d/.test(password);
}
