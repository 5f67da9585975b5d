/**
 * Times on the wire. GD/J 082 XML carries `YYYY-MM-DD HH:MI:SS` in Beijing time with no
 * zone (digest "Identifiers", times in XML); CAP 1.2 carries ISO 8601 with an explicit
 * offset (`2024-06-18T08:30:00+08:00`, CAP 1.2 §3.3.2 and the XSD pattern). Both are
 * computed from the instant with fixed arithmetic (China has no DST since 1991), never
 * from the process time zone.
 */

const BEIJING_OFFSET_MS = 8 * 3600_000;

/** Formats an instant as Beijing wall-clock time `YYYY-MM-DD HH:MI:SS`. */
export function formatBeijingTime(d: Date): string {
  const ms = d.getTime();
  if (Number.isNaN(ms)) throw new RangeError('formatBeijingTime: invalid Date');
  const iso = new Date(Math.floor(ms / 1000) * 1000 + BEIJING_OFFSET_MS).toISOString();
  if (!/^\d{4}-/.test(iso)) throw new RangeError(`formatBeijingTime: year outside 0000–9999 (${iso})`);
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

/** Formats an instant for CAP: `YYYY-MM-DDTHH:MM:SS+08:00` (CAP forbids "Z"). */
export function formatCapTime(d: Date): string {
  return `${formatBeijingTime(d).replace(' ', 'T')}+08:00`;
}

const WALL_CLOCK =
  /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Parses a time from an EBD. Lenient, because field systems drift: `/` or `-` in the
 * date, `T` or space before the time, missing seconds, a fraction, a date alone
 * (midnight). Without a zone the text is Beijing time; with `Z` or `±hh:mm` the zone
 * given wins. Returns null for anything that is not a real calendar time.
 */
export function parseBeijingTime(text: string): Date | null {
  const m = WALL_CLOCK.exec(text.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4] ?? '0', m[5] ?? '0', m[6] ?? '0'].map(Number) as [
    number, number, number, number, number, number,
  ];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return null;
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(wall);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return null;
  return new Date(wall - zoneOffsetMs(m[7]));
}

/** Parses a CAP time (zone required by CAP; a missing one is read as Beijing time). */
export function parseCapTime(text: string): Date | null {
  return parseBeijingTime(text);
}

function zoneOffsetMs(zone: string | undefined): number {
  if (zone === undefined) return BEIJING_OFFSET_MS;
  if (zone.toUpperCase() === 'Z') return 0;
  const digits = zone.replace(':', '');
  const sign = digits.startsWith('-') ? -1 : 1;
  return sign * (Number(digits.slice(1, 3)) * 3600_000 + Number(digits.slice(3, 5)) * 60_000);
}
