/** Content sniffing: every accepted format by its magic bytes, and what is refused. */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../platform/errors.ts';
import { assertNameMatches, identify, sniffHead } from './sniff.ts';
import { docx, jpegWithGps, png, tone, video, zip } from './testing.ts';
import { cleanFileName } from './upload.ts';

const head = (...parts: (string | number[])[]) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));
const codeOf = async (p: Promise<unknown>) => {
  try {
    await p;
    return 'accepted';
  } catch (err) {
    return err instanceof AppError ? err.code : String(err);
  }
};

describe('sniffHead', () => {
  test('names each listed format from its first bytes', () => {
    const cases: [Buffer, string][] = [
      [head([0xff, 0xd8, 0xff, 0xe0]), 'jpeg'],
      [head([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), 'png'],
      [head('GIF89a'), 'gif'],
      [head('RIFF', [1, 2, 3, 4], 'WEBPVP8 '), 'webp'],
      [head('RIFF', [1, 2, 3, 4], 'WAVEfmt '), 'wav'],
      [head('ID3', [4, 0, 0]), 'mp3'],
      [head([0xff, 0xfb, 0x90, 0x64]), 'mp3'],
      [head('fLaC'), 'flac'],
      [head('OggS', [0]), 'ogg'],
      [head([0, 0, 0, 0x20], 'ftypM4A ', [0, 0, 0, 0]), 'm4a'],
      [head([0, 0, 0, 0x20], 'ftypisom', [0, 0, 2, 0]), 'mp4'],
      [head([0, 0, 0, 0x14], 'ftypqt  '), 'mov'],
      [head([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01, 0x42, 0x82, 0x84], 'webm'), 'webm'],
      [head([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x82, 0x88], 'matroska'), 'mkv'],
      [head('%PDF-1.7\n'), 'pdf'],
    ];
    for (const [bytes, format] of cases) assert.deepEqual(sniffHead(bytes), { type: 'format', format }, format);
  });

  test('refuses look-alikes: AVI, HEIC, ADTS AAC are not on the list', () => {
    assert.equal(sniffHead(head('RIFF', [0, 0, 0, 0], 'AVI LIST')).type, 'refused');
    assert.equal(sniffHead(head([0, 0, 0, 0x18], 'ftypheic')).type, 'refused');
    assert.equal(sniffHead(head([0xff, 0xf1, 0x50, 0x80])).type, 'maybe-text'); // ADTS: layer bits 00, not MPEG audio
    assert.equal(sniffHead(head('PK', [3, 4])).type, 'zip');
    assert.equal(sniffHead(Buffer.alloc(0)).type, 'refused');
  });
});

describe('identify (whole files)', () => {
  let dir: string;
  const file = (name: string, data: Buffer | string) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, data);
    return p;
  };
  const id = async (name: string, data: Buffer | string) => {
    const p = file(name, data);
    return identify(fs.readFileSync(p).subarray(0, 4096), p);
  };
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rongmei-sniff-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('real files made by sharp and ffmpeg', async () => {
    assert.equal(await id('a.png', await png(10, 10)), 'png');
    assert.equal(await id('a.jpg', await jpegWithGps()), 'jpeg');
    assert.equal(await id('a.mp3', tone(dir, 'mp3')), 'mp3');
    assert.equal(await id('a.wav', tone(dir, 'wav')), 'wav');
    assert.equal(await id('a.m4a', tone(dir, 'm4a')), 'm4a');
    assert.equal(await id('a.mp4', video(dir)), 'mp4');
  });

  test('Office documents by their parts; other ZIPs and macro documents refused', async () => {
    assert.equal(await id('a.docx', docx()), 'docx');
    assert.equal(await id('a.xlsx', zip({ '[Content_Types].xml': '<Types/>', 'xl/workbook.xml': '<workbook/>' })), 'xlsx');
    assert.equal(await codeOf(id('a.zip', zip({ 'readme.txt': 'hi' }))), 'MEDIA_TYPE_NOT_ALLOWED');
    assert.equal(await codeOf(id('a.docm', docx({ 'word/vbaProject.bin': 'macro' }))), 'MEDIA_TYPE_NOT_ALLOWED');
    assert.equal(await codeOf(id('cut.docx', docx().subarray(0, 60))), 'MEDIA_TYPE_NOT_ALLOWED');
  });

  test('plain UTF-8 text is accepted; HTML, SVG, binary and broken UTF-8 are not', async () => {
    assert.equal(await id('a.txt', '乐昌市融媒体中心\n第二行\r\n'), 'text');
    assert.equal(await id('bom.txt', '\uFEFF标题,数量\n桥,3\n'), 'text');
    assert.equal(await codeOf(id('p.jpg', '<!DOCTYPE html><html><script>alert(1)</script></html>')), 'MEDIA_TYPE_NOT_ALLOWED');
    assert.equal(await codeOf(id('s.txt', '  \n<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>')), 'MEDIA_TYPE_NOT_ALLOWED');
    assert.equal(await codeOf(id('b.bin', Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03]))), 'MEDIA_TYPE_NOT_ALLOWED');
    assert.equal(await codeOf(id('u.txt', Buffer.from([0x61, 0xe4, 0xb9]))), 'MEDIA_TYPE_NOT_ALLOWED');
  });
});

describe('names', () => {
  test('an extension must fit the content; no extension claims nothing', () => {
    assert.doesNotThrow(() => assertNameMatches('photo.JPG', 'jpeg'));
    assert.doesNotThrow(() => assertNameMatches('clip.m4a', 'mp4'));
    assert.doesNotThrow(() => assertNameMatches('README', 'text'));
    assert.throws(() => assertNameMatches('photo.jpg', 'png'), (e: AppError) => e.code === 'MEDIA_TYPE_MISMATCH');
    assert.throws(() => assertNameMatches('notes.html', 'text'), (e: AppError) => e.code === 'MEDIA_TYPE_MISMATCH');
  });

  test('file names lose paths and control characters, keep Chinese and the extension', () => {
    assert.equal(cleanFileName('C:\\Users\\x\\乐昌 新闻.jpg'), '乐昌 新闻.jpg');
    assert.equal(cleanFileName('../../etc/passwd'), 'passwd');
    assert.equal(cleanFileName('a\u0000b\r\n".txt'), 'ab.txt');
    assert.equal(cleanFileName('...'), 'file');
    const long = cleanFileName(`${'长'.repeat(300)}.docx`);
    assert.equal(long.length, 200);
    assert.ok(long.endsWith('.docx'));
  });
});
