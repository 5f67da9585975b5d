import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { encodeEbdXml } from './ebd.ts';
import {
  businessFileName, ebdTarFileName, packEbdTar, signatureFileName, unpackEbdTar, type UnpackEbdTarResult,
} from './package.ts';
import { readTar, writeTar } from './tar.ts';
import { floodEbd, MP3_BYTES, MP3_NAME } from './test-fixtures.ts';

const ebd = floodEbd();
const businessXml = encodeEbdXml(ebd);
// Stand-in signature file: its bytes come from the signer (platform/crypto) and are stored as given.
const signatureXml = Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n<Signature><RelatedEBD><EBDID>${ebd.ebdid}</EBDID></RelatedEBD><SignatureValue>AAEC</SignatureValue></Signature>\n`);
const media = [{ name: MP3_NAME, bytes: MP3_BYTES }, { name: '洪水预警-北乡镇.mp3', bytes: Buffer.from('second file') }];

const hasTar = spawnSync('tar', ['--version'], { encoding: 'utf8' }).stdout?.includes('GNU tar') ?? false;
let dir = '';
before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ebd-tar-'));
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

function tar(args: string[], cwd = dir): { stdout: string; stderr: string; status: number | null } {
  const r = spawnSync('tar', args, { cwd, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C.UTF-8', TZ: 'UTC' } });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

function failure(r: UnpackEbdTarResult): { resultCode: number; message: string } {
  assert.equal(r.ok, false, 'expected a refusal');
  return r.ok ? { resultCode: -1, message: '' } : r;
}

/** Rewrites member `index`'s header name (and type flag) and fixes the checksum: a hostile archive. */
function tamper(buf: Buffer, headerOffset: number, name: string, type?: string): Buffer {
  const out = Buffer.from(buf);
  out.fill(0, headerOffset, headerOffset + 100);
  out.write(name, headerOffset, 'utf8');
  if (type) out.write(type, headerOffset + 156, 'latin1');
  out.fill(0x20, headerOffset + 148, headerOffset + 156);
  const sum = out.subarray(headerOffset, headerOffset + 512).reduce((a, b) => a + b, 0);
  out.write(`${sum.toString(8).padStart(6, '0')}\u0000 `, headerOffset + 148, 'latin1');
  return out;
}

describe('EBD TAR package (GD/J 083)', () => {
  it('names the package and its files after the EBDID', () => {
    assert.equal(ebdTarFileName(ebd.ebdid), `EBDT_${ebd.ebdid}.tar`);
    assert.equal(businessFileName(ebd.ebdid), `EBDB_${ebd.ebdid}.xml`);
    assert.equal(signatureFileName(ebd.ebdid), `EBDS_EBDB_${ebd.ebdid}.xml`);
  });

  it('packs and unpacks byte for byte', () => {
    const buf = packEbdTar({ ebdid: ebd.ebdid, businessXml, signatureXml, media });
    assert.equal(buf.length % 512, 0);
    const r = unpackEbdTar(buf, { expectedEbdid: ebd.ebdid });
    assert.ok(r.ok, r.ok ? '' : r.message);
    assert.equal(r.ebdid, ebd.ebdid);
    assert.equal(r.businessXml.toString('utf8'), businessXml);
    assert.deepEqual(r.signatureXml, signatureXml);
    assert.deepEqual(r.media.map((m) => [m.name, m.bytes]), media.map((m) => [m.name, m.bytes]));
  });

  it('is listed and extracted correctly by GNU tar', { skip: !hasTar && 'GNU tar is not installed' }, () => {
    const file = path.join(dir, ebdTarFileName(ebd.ebdid));
    fs.writeFileSync(file, packEbdTar({ ebdid: ebd.ebdid, businessXml, signatureXml, media, mtime: new Date('2024-06-18T00:00:00Z') }));
    const list = tar(['-tvf', file]);
    assert.equal(list.status, 0, list.stderr);
    assert.equal(list.stderr, '', 'no warnings');
    const rows = list.stdout.trim().split('\n').map((l) => l.split(/\s+/));
    assert.deepEqual(rows.map((r) => [r[0], r[2], r[3], r[4], r.slice(5).join(' ')]), [
      ['-rw-r--r--', String(Buffer.byteLength(businessXml)), '2024-06-18', '00:00', businessFileName(ebd.ebdid)],
      ['-rw-r--r--', String(signatureXml.length), '2024-06-18', '00:00', signatureFileName(ebd.ebdid)],
      ['-rw-r--r--', String(MP3_BYTES.length), '2024-06-18', '00:00', MP3_NAME],
      ['-rw-r--r--', '11', '2024-06-18', '00:00', '洪水预警-北乡镇.mp3'],
    ]);
    const extracted = spawnSync('tar', ['-xOf', file, MP3_NAME]);
    assert.deepEqual(extracted.stdout, MP3_BYTES);
  });

  it('reads archives made by tar -cf in GNU, ustar and pax formats', { skip: !hasTar && 'GNU tar is not installed' }, () => {
    const src = path.join(dir, 'src');
    fs.mkdirSync(src, { recursive: true });
    fs.writeFileSync(path.join(src, businessFileName(ebd.ebdid)), businessXml);
    fs.writeFileSync(path.join(src, signatureFileName(ebd.ebdid)), signatureXml);
    for (const m of media) fs.writeFileSync(path.join(src, m.name), m.bytes);
    const names = [businessFileName(ebd.ebdid), signatureFileName(ebd.ebdid), ...media.map((m) => m.name)];
    for (const [format, members] of [['gnu', names], ['ustar', names], ['posix', names], ['gnu', ['.']]] as const) {
      const out = path.join(dir, `made-${format}-${members.length}.tar`);
      const made = tar(['-cf', out, `--format=${format}`, '-C', src, ...members]);
      assert.equal(made.status, 0, made.stderr);
      const r = unpackEbdTar(fs.readFileSync(out));
      assert.ok(r.ok, `${format}: ${r.ok ? '' : r.message}`);
      assert.equal(r.businessXml.toString('utf8'), businessXml, format);
      assert.deepEqual(r.signatureXml, signatureXml, format);
      assert.deepEqual(r.media.map((m) => m.name).sort(), media.map((m) => m.name).sort(), format);
      assert.deepEqual(r.media.find((m) => m.name === MP3_NAME)?.bytes, MP3_BYTES, format);
    }
  });

  it('refuses links, traversal, absolute paths, directories and special files (ResultCode 2)', { skip: !hasTar && 'GNU tar is not installed' }, () => {
    const src = path.join(dir, 'links');
    fs.mkdirSync(src, { recursive: true });
    fs.writeFileSync(path.join(src, businessFileName(ebd.ebdid)), businessXml);
    fs.symlinkSync('/etc/passwd', path.join(src, signatureFileName(ebd.ebdid)));
    const out = path.join(dir, 'symlink.tar');
    assert.equal(tar(['-cf', out, '-C', src, '.']).status, 0);
    assert.match(failure(unpackEbdTar(fs.readFileSync(out))).message, /is a link; links are refused/);
    const nested = path.join(dir, 'nested.tar');
    assert.equal(tar(['-cf', nested, '-C', dir, 'links']).status, 0);
    assert.match(failure(unpackEbdTar(fs.readFileSync(nested))).message, /"links\/" is a directory/);
  });

  it('refuses hostile member names and types in crafted headers', () => {
    const ok = packEbdTar({ ebdid: ebd.ebdid, businessXml, signatureXml, media: [{ name: 'x.mp3', bytes: Buffer.from('x') }] });
    const mediaHeader = ok.length - 1024 - 1024; // the last member: 512 header + 512 data, then two end blocks
    for (const [name, type, message] of [
      ['../../etc/cron.d/x', undefined, /climbs out of the archive/],
      ['/etc/passwd', undefined, /is an absolute path/],
      ['sub/x.mp3', undefined, /has a directory part/],
      ['x.mp3', '1', /is a link/],
      ['x.mp3', '2', /is a link/],
      ['x.mp3', '3', /has type "3"/],
      ['x.mp3', '6', /has type "6"/],
    ] as const) {
      const r = failure(unpackEbdTar(tamper(ok, mediaHeader, name, type)));
      assert.equal(r.resultCode, 2, name);
      assert.match(r.message, message, `${name} ${type ?? ''}`);
    }
    const corrupt = Buffer.from(ok);
    corrupt[mediaHeader + 10] = 0x41;
    assert.match(failure(unpackEbdTar(corrupt)).message, /checksum .* does not match/);
    assert.match(failure(unpackEbdTar(ok.subarray(0, 700))).message, /truncated/);
    assert.match(failure(unpackEbdTar(Buffer.alloc(0))).message, /empty/);
  });

  it('refuses oversized and excess members, and duplicates', () => {
    const buf = packEbdTar({ ebdid: ebd.ebdid, businessXml, signatureXml, media });
    assert.match(failure(unpackEbdTar(buf, { maxMemberBytes: 1024 })).message, /over the limit of 1024/);
    assert.match(failure(unpackEbdTar(buf, { maxMembers: 3 })).message, /more than 3 members/);
    assert.match(failure(unpackEbdTar(buf, { maxTotalBytes: 5000 })).message, /exceed 5000 bytes/);
    const dup = writeTar([{ name: 'a', bytes: Buffer.from('1') }, { name: 'b', bytes: Buffer.from('2') }]);
    assert.equal(readTar(tamper(dup, 1024, 'a')).ok, false);
  });

  it('answers 3 when the business or signature file is missing, 2 for ambiguous packages', () => {
    const biz = { name: businessFileName(ebd.ebdid), bytes: Buffer.from(businessXml) };
    const sig = { name: signatureFileName(ebd.ebdid), bytes: signatureXml };
    assert.deepEqual(failure(unpackEbdTar(writeTar([biz]))), { ok: false, resultCode: 3, message: `EBD package has no signature file EBDS_${biz.name}` });
    assert.equal(failure(unpackEbdTar(writeTar([sig]))).resultCode, 3);
    const other = businessFileName(floodEbd().ebdid.replace(/1024$/, '1025') as typeof ebd.ebdid);
    assert.equal(failure(unpackEbdTar(writeTar([biz, sig, { name: other, bytes: Buffer.from('x') }]))).resultCode, 2);
    assert.equal(failure(unpackEbdTar(writeTar([biz, sig, { name: 'EBDS_other.xml', bytes: Buffer.from('x') }]))).resultCode, 2);
    const wrongId = unpackEbdTar(writeTar([biz, sig]), { expectedEbdid: floodEbd().ebdid.replace(/1024$/, '1025') as typeof ebd.ebdid });
    assert.match(failure(wrongId).message, /business file is for EBDID/);
  });

  it('refuses bad media names when packing', () => {
    for (const name of ['../x.mp3', '/tmp/x.mp3', 'a/b.mp3', '', `${'长'.repeat(34)}.mp3`, `EBDB_${ebd.ebdid}.xml`]) {
      assert.throws(() => packEbdTar({ ebdid: ebd.ebdid, businessXml, signatureXml, media: [{ name, bytes: Buffer.from('x') }] }), /refused|pose as/, name);
    }
  });
});
