/**
 * ISO-8601 timestamps for bursts. A county's acknowledgements arrive by the thousand
 * within a few milliseconds; each is stamped with the time as an ISO string (the wire
 * format), and formatting or parsing one per ack is measurable there. Consecutive calls
 * for the same millisecond (or the same string) share the work.
 */
let formattedMs = Number.NaN;
let formatted = '';

/** `new Date(ms).toISOString()`, formatted once per distinct millisecond in a row. */
export function isoAt(ms: number = Date.now()): string {
  if (ms !== formattedMs) {
    formatted = new Date(ms).toISOString();
    formattedMs = ms;
  }
  return formatted;
}

let parsed = '';
let parsedMs = Number.NaN;

/** `Date.parse(iso)`, parsed once per distinct string in a row. */
export function msOfIso(iso: string): number {
  if (iso !== parsed) {
    parsedMs = Date.parse(iso);
    parsed = iso;
  }
  return parsedMs;
}
