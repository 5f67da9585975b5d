/** The media library through the whole request pipeline, on every engine. */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import sharp from 'sharp';
import { signedIn, testApp, type TestApp } from '../helpers/app.ts';
import { tempDir, testEngines } from '../helpers/engines.ts';
import { docx, jpegWithGps, multipartForm, png, tone, video, type FormPart } from '../../src/modules/media/testing.ts';

async function ensureMediaTables(_t: TestApp): Promise<void> {}

const MB = 1024 * 1024;
const sm3 = (b: Buffer) => createHash('sm3').update(b).digest('hex');

for (const engine of testEngines()) {
  describe(`media library (${engine})`, () => {
    let t: TestApp;
    let tok: Record<string, string>;
    let dir: string;
    let fx: Record<'png' | 'jpeg' | 'mp3' | 'wav' | 'm4a' | 'mp4', Buffer>;

    before(async () => {
      t = await testApp(engine);
      await ensureMediaTables(t);
      const c = await t.center('media_c');
      const other = await t.center('media_other');
      const members = await signedIn(t, c, { ed: ['editor'], ed2: ['editor'], boss: ['leader'], town: ['resident_staff'], admin: ['admin'], nobody: [] });
      const outsider = await signedIn(t, other, { otheradmin: ['admin'] });
      tok = { ...members.tok, ...outsider.tok };
      dir = tempDir('rongmei-media-fx-');
      fx = { png: await png(2000, 1000), jpeg: await jpegWithGps(), mp3: tone(dir, 'mp3'), wav: tone(dir, 'wav'), m4a: tone(dir, 'm4a'), mp4: video(dir) };
    });
    after(async () => {
      await t.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    async function send(who: string, parts: FormPart[]) {
      const { payload, contentType } = multipartForm(parts);
      const res = await t.app.inject({ method: 'POST', url: '/api/media', payload, headers: { authorization: `Bearer ${tok[who]}`, 'content-type': contentType } });
      return { status: res.statusCode, body: JSON.parse(res.body) };
    }
    const upload = (who: string, filename: string, data: Buffer | string, tags?: string) =>
      send(who, [...(tags ? [{ name: 'tags', data: tags }] : []), { name: 'file', filename, data }]);
    async function uploaded(who: string, filename: string, data: Buffer | string, tags?: string) {
      const r = await upload(who, filename, data, tags);
      assert.equal(r.status, 201, JSON.stringify(r.body));
      return r.body;
    }
    const get = (who: string, url: string, headers: Record<string, string> = {}) =>
      t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${tok[who]}`, ...headers } });
    const refused = (r: { status: number; body: { error: { code: string } } }, status: number, code: string) => {
      assert.equal(r.status, status, JSON.stringify(r.body));
      assert.equal(r.body.error.code, code);
    };
    const blobCount = (hash: string) => {
      const root = path.join(t.config.dataDir, 'media');
      const found: string[] = [];
      const walk = (d: string) => fs.existsSync(d) && fs.readdirSync(d, { withFileTypes: true }).forEach((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : e.name.startsWith(hash) && found.push(e.name)));
      walk(root);
      return found;
    };

    test('an image: measured, tagged, previews at 320 and 1280 px, SM3-addressed, audited and announced', async () => {
      const m = await uploaded('ed', '乐昌峡.png', fx.png, '风光, 乐昌峡,风光');
      assert.equal(m.kind, 'image');
      assert.equal(m.mime, 'image/png');
      assert.deepEqual([m.width, m.height], [2000, 1000]);
      assert.deepEqual(m.tags, ['乐昌峡', '风光']);
      assert.equal(m.sm3, sm3(fx.png));
      assert.equal(m.size, fx.png.length);
      assert.equal(m.urls.thumb, `/api/media/${m.id}/thumb`);
      const thumb = await get('ed', m.urls.thumb);
      assert.equal(thumb.headers['content-type'], 'image/webp');
      assert.deepEqual(await sharp(thumb.rawPayload).metadata().then((x) => [x.format, x.width, x.height]), ['webp', 320, 160]);
      const display = await get('ed', `${m.urls.thumb}?size=display`);
      assert.equal((await sharp(display.rawPayload).metadata()).width, 1280);
      const file = await get('ed', m.urls.file);
      assert.ok(file.rawPayload.equals(fx.png));
      assert.equal(file.headers['x-content-type-options'], 'nosniff');
      assert.match(String(file.headers['content-disposition']), /^inline; /);
      assert.equal((await get('ed', m.urls.file, { 'if-none-match': String(file.headers.etag) })).statusCode, 304);
      const audit = await t.call('GET', `/api/audit?subjectId=${m.id}`, { token: tok.admin });
      assert.deepEqual(audit.body.items.map((e: { action: string }) => e.action), ['media.file.upload']);
      const events = await t.db.db.selectFrom('outbox').select(['type', 'payload']).where('type', '=', 'media.uploaded').execute();
      assert.ok(events.some((e) => e.payload.includes(m.id)));
    });

    test('a phone photo: EXIF orientation applied, size recorded upright, no EXIF or GPS in previews', async () => {
      assert.equal((await sharp(fx.jpeg).metadata()).exif !== undefined, true);
      const m = await uploaded('ed', 'IMG_0001.JPG', fx.jpeg);
      assert.deepEqual([m.width, m.height], [600, 800]);
      assert.equal(m.details.hadExif, true);
      for (const url of [m.urls.thumb, m.urls.display]) {
        const meta = await sharp((await get('ed', url)).rawPayload).metadata();
        assert.equal(meta.exif, undefined, `${url} carries EXIF`);
        assert.equal(meta.xmp, undefined);
        assert.ok(meta.height > meta.width, 'upright');
      }
    });

    test('audio and video: duration and codecs from ffprobe, byte ranges for seeking', async () => {
      const mp3 = await uploaded('ed', 'tone.mp3', fx.mp3);
      assert.equal(mp3.kind, 'audio');
      assert.equal(mp3.mime, 'audio/mpeg');
      assert.equal(mp3.codecs.audio, 'mp3');
      assert.ok(Math.abs(mp3.durationMs - 2000) < 100, String(mp3.durationMs));
      assert.equal(mp3.hasThumb, false);
      const wav = await uploaded('ed', 'tone.wav', fx.wav);
      assert.deepEqual([wav.mime, wav.codecs.audio, wav.durationMs], ['audio/wav', 'pcm_s16le', 2000]);
      const m4a = await uploaded('ed', 'tone.m4a', fx.m4a);
      assert.deepEqual([m4a.kind, m4a.mime, m4a.codecs.audio], ['audio', 'audio/mp4', 'aac']);
      const mp4 = await uploaded('ed', 'clip.mp4', fx.mp4);
      assert.deepEqual([mp4.kind, mp4.mime, mp4.codecs.video, mp4.width, mp4.height], ['video', 'video/mp4', 'h264', 320, 240]);
      assert.equal(mp4.hasThumb, true);
      assert.equal((await sharp((await get('ed', mp4.urls.thumb)).rawPayload).metadata()).width, 320);
      const part = await get('ed', mp3.urls.file, { range: 'bytes=100-199' });
      assert.equal(part.statusCode, 206);
      assert.equal(part.headers['content-range'], `bytes 100-199/${fx.mp3.length}`);
      assert.ok(part.rawPayload.equals(fx.mp3.subarray(100, 200)));
      const noThumb = await get('ed', `/api/media/${mp3.id}/thumb`);
      refused({ status: noThumb.statusCode, body: JSON.parse(noThumb.body) }, 404, 'MEDIA_NOT_FOUND');
    });

    test('types are decided by content: HTML as photo.jpg, renamed files, executables are refused', async () => {
      refused(await upload('ed', 'photo.jpg', '<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>'), 415, 'MEDIA_TYPE_NOT_ALLOWED');
      refused(await upload('ed', 'report.pdf', fx.png), 415, 'MEDIA_TYPE_MISMATCH');
      refused(await upload('ed', 'setup.exe', Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200)])), 415, 'MEDIA_TYPE_NOT_ALLOWED');
      refused(await upload('ed', 'macro.docx', docx({ 'word/vbaProject.bin': 'x' })), 415, 'MEDIA_TYPE_NOT_ALLOWED');
      const doc = await uploaded('ed', '会议纪要.docx', docx());
      assert.deepEqual([doc.kind, doc.format], ['document', 'docx']);
      const names = (await sql<{ name: string }>`select name from media_files`.execute(t.db.db)).rows.map((r) => r.name);
      for (const n of ['photo.jpg', 'report.pdf', 'setup.exe', 'macro.docx']) assert.ok(!names.includes(n), `${n} was stored`);
      assert.deepEqual(fs.readdirSync(path.join(t.config.dataDir, 'media', '.incoming')), [], 'temp files are cleaned up');
    });

    test('damaged media: a cut-off MP3, garbage behind an ID3 header and a cut-off JPEG get 422', async () => {
      const cut = await upload('ed', 'cut.mp3', fx.mp3.subarray(0, Math.floor(fx.mp3.length / 2)));
      refused(cut, 422, 'MEDIA_UNREADABLE');
      assert.ok(cut.body.error.details.announcedSeconds > cut.body.error.details.presentSeconds);
      refused(await upload('ed', 'noise.mp3', Buffer.concat([Buffer.from('ID3\x04\x00\x00\x00\x00\x00\x00', 'latin1'), Buffer.alloc(5000, 7)])), 422, 'MEDIA_UNREADABLE');
      refused(await upload('ed', 'cut.jpg', fx.jpeg.subarray(0, Math.floor(fx.jpeg.length / 2))), 422, 'MEDIA_UNREADABLE');
    });

    test('size limits by kind: exactly 20 MB of text is accepted, one byte more is 413', async () => {
      const at = Buffer.alloc(20 * MB, 'a');
      assert.equal((await upload('ed', 'big.txt', at)).status, 201);
      refused(await upload('ed', 'big.txt', Buffer.alloc(20 * MB + 1, 'a')), 413, 'MEDIA_TOO_LARGE');
      const r = await upload('ed', 'big.png', Buffer.concat([fx.png, Buffer.alloc(20 * MB + 1 - fx.png.length)]));
      refused(r, 413, 'MEDIA_TOO_LARGE');
      assert.equal(r.body.error.details.kind, 'image');
    });

    test('a Chinese file name round-trips in Content-Disposition; documents download as text/plain attachments', async () => {
      const name = '乐昌市融媒体中心（通知）2026 #1.txt';
      const m = await uploaded('ed', name, '各位同事：周五例会改在三楼。\n');
      assert.equal(m.name, name);
      const res = await get('ed', m.urls.file);
      assert.equal(res.headers['content-type'], 'text/plain; charset=utf-8');
      assert.equal(res.headers['x-content-type-options'], 'nosniff');
      const cd = String(res.headers['content-disposition']);
      assert.match(cd, /^attachment; filename="[\x20-\x7e]*"; filename\*=UTF-8''/);
      assert.equal(decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(cd)![1]!), name);
      assert.match(String(res.headers['content-security-policy']), /sandbox/);
      const pdf = await uploaded('ed', '报告.pdf', '%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
      assert.match(String((await get('ed', pdf.urls.file)).headers['content-disposition']), /^attachment;/);
    });

    test('the same bytes twice: two records, one stored blob; the blob goes with the last record', async () => {
      const bytes = await png(64, 64, '#123456');
      const a = await uploaded('ed', 'a.png', bytes);
      const b = await uploaded('ed2', 'b.png', bytes);
      assert.notEqual(a.id, b.id);
      assert.equal(a.sm3, b.sm3);
      assert.deepEqual(blobCount(a.sm3).sort(), [a.sm3, `${a.sm3}.display.webp`, `${a.sm3}.thumb.webp`]);
      assert.equal((await t.call('DELETE', `/api/media/${a.id}`, { token: tok.boss })).status, 204);
      assert.equal(blobCount(a.sm3).length, 3);
      assert.ok((await get('ed', b.urls.file)).rawPayload.equals(bytes));
      assert.equal((await t.call('DELETE', `/api/media/${b.id}`, { token: tok.boss })).status, 204);
      assert.deepEqual(blobCount(a.sm3), []);
    });

    test('search by name, tag text, exact tag and kind; paging and sorting; tag editing is audited', async () => {
      const p = await uploaded('ed', '桥梁施工现场.png', await png(40, 30, '#010203'), '基建,桥梁');
      await uploaded('ed', '春耕.png', await png(40, 30, '#040506'), '农业');
      const list = (qs: string) => t.call('GET', `/api/media?${qs}`, { token: tok.ed }).then((r) => r.body);
      assert.deepEqual((await list('q=施工')).items.map((i: { id: string }) => i.id), [p.id]);
      assert.ok((await list('q=桥梁')).items.some((i: { id: string }) => i.id === p.id), 'q matches tags');
      assert.deepEqual((await list(`tag=${encodeURIComponent('基建')}`)).items.map((i: { id: string }) => i.id), [p.id]);
      assert.ok((await list('kind=audio')).items.every((i: { kind: string }) => i.kind === 'audio'));
      const page = await list('kind=image&pageSize=2&page=1&sort=name');
      assert.equal(page.items.length, 2);
      assert.ok(page.total > 2);
      const names = page.items.map((i: { name: string }) => i.name);
      assert.deepEqual(names, [...names].sort());
      const patched = await t.call('PATCH', `/api/media/${p.id}`, { token: tok.ed2, body: { tags: ['交通', ' 桥梁 ', '交通'] } });
      assert.equal(patched.status, 200, JSON.stringify(patched.body));
      assert.deepEqual(patched.body.tags, ['交通', '桥梁']);
      refused(await t.call('PATCH', `/api/media/${p.id}`, { token: tok.ed, body: { tags: ['x'.repeat(31)] } }), 400, 'VALIDATION_FAILED');
      const tags = (await t.call('GET', '/api/media/tags', { token: tok.ed })).body.items;
      assert.ok(tags.some((x: { tag: string; count: number }) => x.tag === '交通' && x.count === 1));
      const audit = await t.call('GET', `/api/audit?subjectId=${p.id}`, { token: tok.admin });
      assert.ok(audit.body.items.some((e: { action: string; detail: { before?: string[] } }) => e.action === 'media.file.tags'));
    });

    test('usage: cover and body images of manuscripts; delete refused while used, allowed once not', async () => {
      const img = await uploaded('ed', 'cover.png', await png(50, 50, '#777777'));
      const m1 = await t.call('POST', '/api/manuscripts', { token: tok.ed, body: { kind: 'article', content: { title: '封面稿', coverMediaId: img.id } } });
      const m2 = await t.call('POST', '/api/manuscripts', { token: tok.ed2, body: { kind: 'article', content: { title: '正文配图', bodyHtml: `<p>图：</p><img src="https://example.org/x.png" data-media-id="${img.id}">` } } });
      assert.equal(m2.status, 201, JSON.stringify(m2.body));
      const usage = (await t.call('GET', `/api/media/${img.id}/usage`, { token: tok.ed })).body;
      assert.deepEqual(usage.items.map((u: { title: string; places: string[]; blocking: boolean }) => [u.title, u.places, u.blocking]).sort(), [['封面稿', ['cover'], true], ['正文配图', ['body'], true]]);
      const inUse = await t.call('DELETE', `/api/media/${img.id}`, { token: tok.boss });
      refused(inUse, 409, 'MEDIA_IN_USE');
      assert.equal(inUse.body.error.details.total, 2);
      await t.call('PUT', `/api/manuscripts/${m1.body.id}/content`, { token: tok.ed, body: { baseVersion: 1, content: { title: '封面稿', coverMediaId: null } } });
      await t.call('PUT', `/api/manuscripts/${m2.body.id}/content`, { token: tok.ed2, body: { baseVersion: 1, content: { title: '正文配图', bodyHtml: '<p>图已删</p>' } } });
      const after = (await t.call('GET', `/api/media/${img.id}/usage`, { token: tok.ed })).body;
      assert.ok(after.items.every((u: { blocking: boolean; versions: number[] }) => !u.blocking && u.versions.join() === '1'));
      refused(await t.call('DELETE', `/api/media/${img.id}`, { token: tok.ed }), 403, 'PERMISSION_DENIED');
      assert.equal((await t.call('DELETE', `/api/media/${img.id}`, { token: tok.boss })).status, 204);
      refused(await t.call('GET', `/api/media/${img.id}`, { token: tok.ed }), 404, 'MEDIA_NOT_FOUND');
      const audit = await t.call('GET', `/api/audit?subjectId=${img.id}`, { token: tok.admin });
      assert.ok(audit.body.items.some((e: { action: string }) => e.action === 'media.file.delete'));
    });

    test('resident-account staff see and tag only their own uploads; the newsroom sees everything', async () => {
      const own = await uploaded('town', '村容村貌.png', await png(30, 30, '#00aa00'));
      const staff = await uploaded('ed', '内部.png', await png(30, 30, '#aa0000'));
      const seen = (await t.call('GET', '/api/media?pageSize=200', { token: tok.town })).body.items.map((i: { id: string }) => i.id);
      assert.deepEqual(seen, [own.id]);
      for (const url of [`/api/media/${staff.id}`, `/api/media/${staff.id}/file`, `/api/media/${staff.id}/usage`]) {
        assert.equal((await get('town', url)).statusCode, 404, url);
      }
      refused(await t.call('PATCH', `/api/media/${staff.id}`, { token: tok.town, body: { tags: ['x'] } }), 404, 'MEDIA_NOT_FOUND');
      assert.equal((await t.call('GET', `/api/media/${own.id}`, { token: tok.ed })).status, 200);
      refused(await t.call('GET', '/api/media', { token: tok.nobody }), 403, 'PERMISSION_DENIED');
      refused(await upload('nobody', 'a.png', fx.png), 403, 'PERMISSION_DENIED');
    });

    test('tenant isolation: another center\'s administrator gets 404 for everything of this center', async () => {
      const m = await uploaded('ed', 'secret.png', await png(20, 20, '#abcdef'));
      for (const url of [`/api/media/${m.id}`, `/api/media/${m.id}/file`, `/api/media/${m.id}/thumb`, `/api/media/${m.id}/usage`]) {
        const r = await get('otheradmin', url);
        assert.equal(r.statusCode, 404, url);
        assert.equal(JSON.parse(r.body).error.code, 'MEDIA_NOT_FOUND');
      }
      refused(await t.call('PATCH', `/api/media/${m.id}`, { token: tok.otheradmin, body: { tags: ['x'] } }), 404, 'MEDIA_NOT_FOUND');
      refused(await t.call('DELETE', `/api/media/${m.id}`, { token: tok.otheradmin }), 404, 'MEDIA_NOT_FOUND');
      assert.equal((await t.call('GET', '/api/media', { token: tok.otheradmin })).body.total, 0);
    });

    test('malformed uploads: no file, JSON instead of a form, two files, an unknown field', async () => {
      refused(await send('ed', [{ name: 'tags', data: 'x' }]), 400, 'VALIDATION_FAILED');
      refused(await t.call('POST', '/api/media', { token: tok.ed, body: { file: 'x' } }), 400, 'VALIDATION_FAILED');
      refused(await send('ed', [{ name: 'file', filename: 'a.txt', data: 'one' }, { name: 'file', filename: 'b.txt', data: 'two' }]), 400, 'VALIDATION_FAILED');
      refused(await send('ed', [{ name: 'title', data: 'x' }, { name: 'file', filename: 'a.txt', data: 'one' }]), 400, 'VALIDATION_FAILED');
      refused(await upload('ed', 'empty.txt', Buffer.alloc(0)), 400, 'VALIDATION_FAILED');
      const raw = async (contentType: string, payload: string) => {
        const res = await t.app.inject({ method: 'POST', url: '/api/media', payload, headers: { authorization: `Bearer ${tok.ed}`, 'content-type': contentType } });
        return { status: res.statusCode, body: JSON.parse(res.body) };
      };
      refused(await raw('multipart/form-data', 'no boundary'), 400, 'BAD_REQUEST');
      refused(await raw('multipart/form-data; boundary=b', '--b\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\ncut off'), 400, 'BAD_REQUEST');
      assert.deepEqual(fs.readdirSync(path.join(t.config.dataDir, 'media', '.incoming')), []);
    });
  });
}

describe('media upload with the console cookie', () => {
  test('multipart needs X-Rongmei-Upload: a cross-site form cannot send it', async () => {
    const t = await testApp('sqlite');
    try {
      const c = await t.center('cookie_up');
      await t.user(c, ['editor'], 'uploader');
      const login = await t.app.inject({ method: 'POST', url: '/api/auth/session', payload: { username: 'uploader', password: 'Test-pass-2026' } });
      const cookie = String(login.headers['set-cookie']).split(';')[0]!;
      const { payload, contentType } = multipartForm([{ name: 'file', filename: '图.png', data: await png(8, 8) }]);
      const plain = await t.app.inject({ method: 'POST', url: '/api/media', payload, headers: { cookie, 'content-type': contentType } });
      assert.equal(plain.statusCode, 403);
      assert.equal(JSON.parse(plain.body).error.code, 'CSRF_CHECK_FAILED');
      const marked = await t.app.inject({ method: 'POST', url: '/api/media', payload, headers: { cookie, 'content-type': contentType, 'x-rongmei-upload': '1' } });
      assert.equal(marked.statusCode, 201, marked.body);
    } finally {
      await t.close();
    }
  });
});
