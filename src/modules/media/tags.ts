/** Tag cleaning, shared by upload and tag editing. */
import { appError } from '../../platform/errors.ts';
import { MAX_TAGS } from './schema.ts';

/** Trimmed, control characters removed, duplicates dropped; at most 20 tags of 1–30 characters. */
export function normaliseTags(raw: string[], field: string): string[] {
  const tags = [...new Set(raw.map((t) => t.normalize('NFC').replace(/[\u0000-\u001f\u007f]/g, '').trim()).filter(Boolean))];
  const long = tags.find((t) => t.length > 30);
  if (long) throw appError('VALIDATION_FAILED', { field, message: `${field}: "${long.slice(0, 30)}…" is longer than 30 characters.` });
  if (tags.length > MAX_TAGS) throw appError('VALIDATION_FAILED', { field, message: `${field}: at most ${MAX_TAGS} tags.` });
  return tags;
}
