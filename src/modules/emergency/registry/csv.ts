/**
 * CSV as RFC 4180 writes it and Excel reads it: UTF-8 with a BOM (or Excel guesses the
 * locale's code page and garbles Chinese), CRLF between records, a field quoted when it
 * holds a comma, a quote, CR or LF, quotes doubled inside. Formula injection (OWASP):
 * a text cell starting with = + - @ TAB or CR would run as a formula when the file is
 * opened, so it is written with a leading apostrophe, which the import takes off again.
 */

/** A malformed CSV text; `record` is the 1-based record (spreadsheet row) at fault. */
export class CsvError extends Error {
  constructor(readonly record: number, message: string) {
    super(message);
    this.name = 'CsvError';
  }
}

const BOM = '\uFEFF';
const FORMULA_START = /^'*[=+\-@\t\r]/;
const PLAIN_NUMBER = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;

/** A cell as written: text that a spreadsheet would run as a formula gets a leading `'`. */
export function guardCell(value: string): string {
  return FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
}

/** Undoes {@link guardCell}: one leading `'` before a formula character is taken off. */
export function unguardCell(value: string): string {
  return FORMULA_START.test(value) && value.startsWith("'") ? value.slice(1) : value;
}

function quote(cell: string): string {
  return /[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}

/** Writes records as CSV text: BOM, guarded and quoted cells, CRLF after every record. */
export function formatCsv(records: readonly (readonly string[])[]): string {
  return BOM + records.map((r) => r.map((c) => quote(guardCell(c))).join(',') + '\r\n').join('');
}

/** One record of a CSV text with its 1-based row number as a spreadsheet shows it. */
export interface CsvRecord {
  row: number;
  cells: string[];
}

/**
 * Reads CSV text into records of raw cells (not unguarded). Accepts a BOM, CRLF, LF or
 * CR line ends and a missing final newline; skips blank records (they still count in
 * row numbers). Throws a {@link CsvError} for an unterminated quote or text after a
 * closing quote.
 */
export function parseCsv(text: string): CsvRecord[] {
  const s = text.startsWith(BOM) ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let row = 1;
  let record: string[] = [];
  let cell = '';
  let i = 0;
  const endRecord = () => {
    record.push(cell);
    if (!(record.length === 1 && record[0] === '')) records.push({ row, cells: record });
    row++;
    record = [];
    cell = '';
  };
  while (i < s.length) {
    const ch = s[i]!;
    if (ch === '"' && cell === '') {
      const start = row;
      i++;
      for (;;) {
        if (i >= s.length) throw new CsvError(start, `row ${start}: a quoted field is never closed (a " is missing)`);
        if (s[i] === '"') {
          if (s[i + 1] === '"') {
            cell += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        cell += s[i];
        i++;
      }
      if (i < s.length && !/[,\r\n]/.test(s[i]!)) {
        throw new CsvError(start, `row ${start}: text after a closing quote; quote the whole field and double the quotes inside it`);
      }
      continue;
    }
    if (ch === ',') {
      record.push(cell);
      cell = '';
    } else if (ch === '\r' || ch === '\n') {
      endRecord();
      if (ch === '\r' && s[i + 1] === '\n') i++;
    } else {
      cell += ch;
    }
    i++;
  }
  if (cell !== '' || record.length) endRecord();
  return records;
}
