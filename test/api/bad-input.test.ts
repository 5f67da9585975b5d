/**
 * Bad input anywhere answers 4xx with a stable code, never a 500 or a stack trace:
 * every registered route gets a battery of malformed requests from an administrator.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, type TestApp } from '../helpers/app.ts';

const BAD_BODIES: unknown[] = [
  '[]', '"text"', '42', 'null', '{"a":', '{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{"x":1}}}',
  { username: 12, password: [], name: { x: 1 }, code: 'a'.repeat(5000), roles: 'admin', permissions: [1, 2], status: 'weird', kind: 'planet', sort: -1, parent: 'x' },
  { q: '\u0000\u202e', page: 'NaN', pageSize: 1e9 },
];
const BAD_QUERIES = ['?page=-1', '?pageSize=999999', '?page=1e400', '?sort=;drop%20table%20users', '?q=' + '%E4%B9%90'.repeat(200), '?status[]=x', '?from=yesterday', '?parent=%00'];
const BAD_IDS = ['..%2F..%2Fetc%2Fpasswd', "1'%20or%20'1'='1", 'a'.repeat(300), '%F0%9F%98%80'];

describe('bad input never yields a 5xx', () => {
  let t: TestApp;
  let admin: string;
  before(async () => {
    t = await testApp('sqlite');
    const c = await t.center('bad_c');
    await t.user(c, ['admin'], 'badmin');
    admin = await t.token('badmin');
  });
  after(() => t.close());

  function check(label: string, r: { status: number; body: any }) {
    assert.ok(r.status < 500, `${label} answered ${r.status}: ${JSON.stringify(r.body)}`);
    if (r.status >= 400) {
      assert.equal(typeof r.body?.error?.code, 'string', `${label}: no error code in ${JSON.stringify(r.body)}`);
      assert.doesNotMatch(JSON.stringify(r.body), /\.ts:\d+|node_modules|at async/, `${label} leaked a stack`);
    }
  }

  test('every route, malformed bodies, queries and ids', async () => {
    const routes = t.routes.filter((r) => r.url.startsWith('/api/') && !r.url.startsWith('/api/auth/session') && r.url !== '/api/auth/password');
    assert.ok(routes.length > 15);
    for (const r of routes) {
      const ids = r.url.includes(':') ? BAD_IDS : [''];
      for (const id of ids) {
        const url = r.url.replace(/:[A-Za-z]+/g, id);
        if (r.method === 'GET') {
          for (const q of BAD_QUERIES) check(`GET ${url}${q}`, await t.call('GET', url + q, { token: admin }));
        } else {
          for (const body of BAD_BODIES) check(`${r.method} ${url} ${JSON.stringify(body).slice(0, 40)}`, await t.call(r.method, url, { token: admin, body }));
          check(`${r.method} ${url} text/plain`, await t.call(r.method, url, { token: admin, body: 'x=1', headers: { 'content-type': 'text/plain' } }));
        }
      }
    }
    // The prototype pollution attempts did not stick.
    assert.equal(({} as Record<string, unknown>).admin, undefined);
  });

  test('a body over the size limit gets 413', async () => {
    const r = await t.call('POST', '/api/departments', { token: admin, body: JSON.stringify({ code: 'x', name: 'y'.repeat(2 * 1024 * 1024) }) });
    assert.equal(r.status, 413);
    assert.equal(r.body.error.code, 'PAYLOAD_TOO_LARGE');
  });
});
