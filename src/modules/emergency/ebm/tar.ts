/**
 * A minimal POSIX ustar writer and a defensive reader (IEEE 1003.1 "pax" format's
 * ustar header: 512-byte blocks, octal fields, checksum, two zero blocks at the end).
 * GD/J 083 moves every business file as a TAR; archives come from peers, so the reader
 * accepts only flat regular files and refuses links, devices, path traversal, absolute
 * names, directories with content, duplicates and oversized members. It also reads the
 * GNU long-name and pax `path`/`size` records that `tar -cf` may emit.
 */

const BLOCK = 512;

/** A regular file in an archive. */
export interface TarMember {
  name: string;
  bytes: Buffer;
}

/** Limits for {@link readTar}; the defaults suit an EBD package with a few minutes of MP3. */
export interface TarLimits {
  maxMemberBytes?: number;
  maxTotalBytes?: number;
  maxMembers?: number;
}

/** Default limits: 64 MiB per member, 256 MiB in all, 64 members. */
export const DEFAULT_TAR_LIMITS: Required<TarLimits> = {
  maxMemberBytes: 64 * 1024 * 1024,
  maxTotalBytes: 256 * 1024 * 1024,
  maxMembers: 64,
};

/** A name the writer will not store, or a member it cannot write. */
export class TarWriteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TarWriteError';
  }
}

/**
 * Checks a member name: one flat file name of at most 100 UTF-8 bytes (the ustar name
 * field), no path separators, no `.`/`..`, no control characters. Returns the problem or null.
 */
export function memberNameProblem(name: string): string | null {
  if (!name) return 'the name is empty';
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return `"${name}" is an absolute path`;
  if (name.split(/[/\\]/).includes('..')) return `"${name}" climbs out of the archive (path traversal)`;
  if (/[/\\]/.test(name)) return `"${name}" has a directory part; only flat file names are allowed`;
  if (name === '.') return 'the name is "."';
  if (/[\u0000-\u001f\u007f]/.test(name)) return `"${name}" contains a control character`;
  if (Buffer.byteLength(name, 'utf8') > 100) return `"${name}" is longer than 100 bytes in UTF-8`;
  return null;
}

/** Writes a ustar archive of flat regular files (mode 0644, owner 0/0). */
export function writeTar(members: { name: string; bytes: Uint8Array }[], opts: { mtime?: Date } = {}): Buffer {
  const mtime = Math.floor((opts.mtime ?? new Date()).getTime() / 1000);
  const seen = new Set<string>();
  const parts: Buffer[] = [];
  for (const m of members) {
    const problem = memberNameProblem(m.name);
    if (problem) throw new TarWriteError(`cannot store ${problem}`);
    if (seen.has(m.name)) throw new TarWriteError(`"${m.name}" is stored twice`);
    seen.add(m.name);
    parts.push(header(m.name, m.bytes.byteLength, mtime), Buffer.from(m.bytes));
    const pad = (BLOCK - (m.bytes.byteLength % BLOCK)) % BLOCK;
    if (pad) parts.push(Buffer.alloc(pad));
  }
  parts.push(Buffer.alloc(2 * BLOCK)); // end of archive: two zero blocks
  return Buffer.concat(parts);
}

function header(name: string, size: number, mtime: number): Buffer {
  if (size > 0o77777777777) throw new TarWriteError(`"${name}" is too large for a ustar header`);
  const h = Buffer.alloc(BLOCK);
  h.write(name, 0, 100, 'utf8');
  octal(h, 100, 8, 0o644);
  octal(h, 108, 8, 0);
  octal(h, 116, 8, 0);
  octal(h, 124, 12, size);
  octal(h, 136, 12, mtime);
  h.fill(0x20, 148, 156); // checksum counted as spaces
  h.write('0', 156, 'latin1'); // regular file
  h.write('ustar\u000000', 257, 'latin1'); // POSIX magic "ustar\0" + version "00"
  const sum = h.reduce((a, b) => a + b, 0);
  h.write(`${sum.toString(8).padStart(6, '0')}\u0000 `, 148, 'latin1');
  return h;
}

function octal(h: Buffer, offset: number, width: number, value: number): void {
  h.write(`${value.toString(8).padStart(width - 1, '0')}\u0000`, offset, 'latin1');
}

/** What {@link readTar} answers: members, or why the archive was refused. */
export type ReadTarResult = { ok: true; members: TarMember[] } | { ok: false; message: string };

/** Reads a ustar/GNU/pax archive into flat regular files. Never throws. */
export function readTar(buf: Uint8Array, limits: TarLimits = {}): ReadTarResult {
  const lim = { ...DEFAULT_TAR_LIMITS, ...limits };
  const data = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  const members: TarMember[] = [];
  let total = 0;
  let pending: { path?: string; size?: number } = {};
  for (let off = 0; ; ) {
    if (off === data.length && members.length > 0) break; // end blocks missing: tolerated, as GNU tar does
    if (off + BLOCK > data.length) return fail(off === 0 ? 'archive is empty' : `archive is truncated at byte ${off}`);
    const h = data.subarray(off, off + BLOCK);
    if (h.every((b) => b === 0)) break; // end of archive (one zero block is enough for us)
    const sumProblem = checksumProblem(h);
    if (sumProblem) return fail(`header at byte ${off}: ${sumProblem}`);
    const size = pending.size ?? readOctal(h, 124, 12);
    if (size === null) return fail(`header at byte ${off}: size field is not octal (or uses base-256, too large)`);
    const type = String.fromCharCode(h[156] as number);
    const limit = type === 'x' || type === 'g' || type === 'L' ? 64 * 1024 : lim.maxMemberBytes;
    if (size > limit) return fail(`member at byte ${off} is ${size} bytes, over the limit of ${limit}`);
    const start = off + BLOCK;
    if (start + size > data.length) return fail(`member at byte ${off} is truncated`);
    const body = data.subarray(start, start + size);
    off = start + Math.ceil(size / BLOCK) * BLOCK;
    if (type === 'x') {
      pending = { ...pending, ...paxRecords(body) };
      continue;
    }
    if (type === 'L') {
      pending = { ...pending, path: body.toString('utf8').replace(/\0+$/, '') };
      continue;
    }
    if (type === 'g') continue; // global pax header: nothing we use
    const name = (pending.path ?? headerName(h)).replace(/^(\.\/)+/, '');
    pending = {};
    if (type === '5') {
      if (name === '' || name === './') continue; // the "./" entry of `tar -cf x.tar .`
      return fail(`"${name}" is a directory; only flat files are allowed`);
    }
    if (type === '1' || type === '2' || type === 'K') return fail(`"${name}" is a link; links are refused`);
    if (type !== '0' && type !== '\0' && type !== '7') return fail(`"${name}" has type "${type}"; only regular files are allowed`);
    const problem = memberNameProblem(name);
    if (problem) return fail(`refused: ${problem}`);
    if (members.some((m) => m.name === name)) return fail(`"${name}" appears twice`);
    if (members.length >= lim.maxMembers) return fail(`more than ${lim.maxMembers} members`);
    total += size;
    if (total > lim.maxTotalBytes) return fail(`members exceed ${lim.maxTotalBytes} bytes in all`);
    members.push({ name, bytes: Buffer.from(body) });
  }
  return { ok: true, members };
}

function fail(message: string): ReadTarResult {
  return { ok: false, message };
}

function checksumProblem(h: Buffer): string | null {
  const stored = readOctal(h, 148, 8);
  if (stored === null) return 'checksum field is not octal';
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < BLOCK; i++) {
    const b = i >= 148 && i < 156 ? 0x20 : (h[i] as number);
    unsigned += b;
    signed += b > 127 ? b - 256 : b; // some old writers summed signed chars
  }
  return stored === unsigned || stored === signed ? null : `checksum ${stored} does not match ${unsigned}`;
}

function readOctal(h: Buffer, offset: number, width: number): number | null {
  if (((h[offset] as number) & 0x80) !== 0) return null;
  const s = h.toString('latin1', offset, offset + width).replace(/[\0 ]+$/, '').replace(/^ +/, '');
  if (s === '') return 0;
  return /^[0-7]+$/.test(s) ? parseInt(s, 8) : null;
}

function headerName(h: Buffer): string {
  const field = (o: number, w: number): string => {
    const raw = h.subarray(o, o + w);
    const end = raw.indexOf(0);
    return raw.subarray(0, end < 0 ? w : end).toString('utf8');
  };
  const name = field(0, 100);
  const magic = h.toString('latin1', 257, 263);
  const prefix = magic === 'ustar\0' ? field(345, 155) : '';
  return prefix ? `${prefix}/${name}` : name;
}

function paxRecords(body: Buffer): { path?: string; size?: number } {
  const out: { path?: string; size?: number } = {};
  let i = 0;
  while (i < body.length) {
    const space = body.indexOf(0x20, i);
    if (space < 0) break;
    const len = Number(body.toString('latin1', i, space));
    if (!Number.isInteger(len) || len <= 0 || i + len > body.length) break;
    const record = body.toString('utf8', space + 1, i + len - 1);
    const eq = record.indexOf('=');
    const key = record.slice(0, eq);
    const value = record.slice(eq + 1);
    if (key === 'path') out.path = value;
    if (key === 'size' && /^\d+$/.test(value)) out.size = Number(value);
    i += len;
  }
  return out;
}
