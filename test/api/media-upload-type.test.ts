/**
 * An upload sent with a content type the server cannot read is told what the route
 * takes (415 MULTIPART_REQUIRED naming multipart/form-data), not the generic "send
 * application/json", which is wrong advice for an upload; JSON routes keep theirs.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, type TestApp } from '../helpers/app.ts';
import { testEngines } from '../helpers/engines.ts';
import { multipartForm, png } from '../../src/modules/media/testing.ts';

for (const engine of testEngines()) {
  describe(`media upload content type (${engine})`, () => {
    let t: TestApp;
    let token: string;

    before(async () => {
      t = await testApp(engine);
      const c = await t.center('media_ct');
      await t.user(c, ['editor'], 'ed');
      token = await t.token('ed');
    });
    after(async () => {
      await t?.close();
    });

    const post = (headers: Record<string, string>, payload?: string | Buffer) =>
      t.app.inject({ method: 'POST', url: '/api/media', headers: { authorization: `Bearer ${token}`, ...headers }, ...(payload === undefined ? {} : { payload }) });

    for (const [type, body] of [
      ['application/octet-stream', Buffer.from([0x89, 0x50, 0x4e, 0x47])],
      ['image/png', Buffer.from([0x89, 0x50, 0x4e, 0x47])],
      ['application/x-www-form-urlencoded', 'file=x.png'],
      ['application/xml', '<file/>'],
    ] as const) {
      test(`${type} → 415 MULTIPART_REQUIRED naming multipart/form-data`, async () => {
        const res = await post({ 'content-type': type }, body);
        assert.equal(res.statusCode, 415, res.body);
        const { error } = JSON.parse(res.body);
        assert.equal(error.code, 'MULTIPART_REQUIRED');
        assert.equal(error.field, 'content-type');
        assert.match(error.message, /multipart\/form-data/);
        assert.doesNotMatch(error.message, /^Send the body as application\/json/);
      });
    }

    test('JSON (which the server can read) is answered 400 naming the file field and multipart/form-data', async () => {
      const res = await post({ 'content-type': 'application/json' }, '{"file":"x.png"}');
      assert.equal(res.statusCode, 400, res.body);
      const { error } = JSON.parse(res.body);
      assert.deepEqual([error.code, error.field], ['VALIDATION_FAILED', 'file']);
      assert.match(error.message, /multipart\/form-data/);
    });

    test('anonymous callers are still refused first (401), before the body type is judged', async () => {
      const res = await t.app.inject({ method: 'POST', url: '/api/media', headers: { 'content-type': 'text/plain' }, payload: 'x' });
      assert.equal(res.statusCode, 401);
    });

    test('a real multipart upload still works', async () => {
      const { payload, contentType } = multipartForm([{ name: 'file', filename: 'dot.png', data: await png(4, 4) }]);
      const res = await post({ 'content-type': contentType }, payload);
      assert.equal(res.statusCode, 201, res.body);
    });

    test('a JSON route keeps the generic 415 (send application/json)', async () => {
      const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/xml' }, payload: '<x/>' });
      assert.equal(res.statusCode, 415, res.body);
      assert.equal(JSON.parse(res.body).error.code, 'UNSUPPORTED_MEDIA_TYPE');
    });
  });
}
