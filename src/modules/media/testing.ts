/**
 * Test fixtures for the media library (used by its tests only, never at run time):
 * real images from sharp, real audio/video from Debian's ffmpeg, Office-like ZIPs,
 * and multipart bodies as a browser sends them.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { crc32 } from 'node:zlib';
import sharp from 'sharp';

/** A PNG of the given size. */
export function png(width: number, height: number, colour = '#c0392b'): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: colour } }).png().toBuffer();
}

/** An 800×600 JPEG that says "turn me" (orientation 6) and carries a camera make and a GPS position. */
export function jpegWithGps(): Promise<Buffer> {
  return sharp({ create: { width: 800, height: 600, channels: 3, background: '#2e86c1' } })
    .jpeg()
    .withExif({ IFD0: { Make: 'RongmeiTestCam' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '25/1 7/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '113/1 21/1 0/1' } })
    .withMetadata({ orientation: 6 })
    .toBuffer();
}

/** Runs ffmpeg (argument array, no shell) and returns the file it wrote. */
export function ffmpeg(dir: string, name: string, args: string[]): Buffer {
  const out = path.join(dir, name);
  const r = spawnSync('ffmpeg', ['-v', 'error', '-y', ...args, out], { timeout: 60_000 });
  if (r.status !== 0) throw new Error(`ffmpeg ${name} failed: ${r.stderr?.toString() ?? r.error?.message}`);
  return fs.readFileSync(out);
}

/** A 2 s 440 Hz tone as `mp3`, `wav` or `m4a` (AAC). */
export function tone(dir: string, ext: 'mp3' | 'wav' | 'm4a'): Buffer {
  return ffmpeg(dir, `tone.${ext}`, ['-f', 'lavfi', '-i', 'sine=frequency=440:duration=2', ...(ext === 'm4a' ? ['-c:a', 'aac'] : [])]);
}

/** A 1 s 320×240 H.264 test picture with a tone, as MP4. */
export function video(dir: string): Buffer {
  return ffmpeg(dir, 'clip.mp4', [
    '-f', 'lavfi', '-i', 'testsrc=duration=1:size=320x240:rate=10', '-f', 'lavfi', '-i', 'sine=frequency=330:duration=1',
    '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest',
  ]);
}

/** A ZIP (stored, uncompressed) with these entries. */
export function zip(entries: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(entries)) {
    const data = Buffer.from(text, 'utf8');
    const nameBuf = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBuf.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBuf, data);
    centrals.push(central, nameBuf);
    offset += 30 + nameBuf.length + data.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(entries).length, 8);
  end.writeUInt16LE(Object.keys(entries).length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

const CT = '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>';

/** A minimal DOCX package (its part names are what identifies it). */
export function docx(extra: Record<string, string> = {}): Buffer {
  return zip({ '[Content_Types].xml': CT, '_rels/.rels': '<Relationships/>', 'word/document.xml': '<w:document/>', ...extra });
}

export interface FormPart {
  name: string;
  filename?: string;
  type?: string;
  data: Buffer | string;
}

/** A multipart/form-data body, as a browser builds it (file names as raw UTF-8; `"`, CR, LF percent-encoded as the HTML standard says). */
export function multipartForm(parts: FormPart[]): { payload: Buffer; contentType: string } {
  const boundary = `----RongmeiBoundary${randomUUID().replace(/-/g, '')}`;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"`;
    const filename = p.filename?.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
    if (filename !== undefined) head += `; filename="${filename}"\r\nContent-Type: ${p.type ?? 'application/octet-stream'}`;
    chunks.push(Buffer.from(`${head}\r\n\r\n`, 'utf8'), Buffer.isBuffer(p.data) ? p.data : Buffer.from(p.data, 'utf8'), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}
