/**
 * GET /api/search/manuscripts through the whole request pipeline, on every engine:
 * access (401/403), validation (400 naming the field), visibility, hostile queries.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, type TestApp } from '../../../../test/helpers/app.ts';
import { testEngines } from '../../../../test/helpers/engines.ts';
import type { Engine } from '../../../platform/config.ts';
import { addManuscript, addResidentAccount } from './testing.ts';

const URL = '/api/search/manuscripts';

/** The app, with the search route the newsroom module mounts. */
function appWithSearch(engine: Engine): Promise<TestApp> {
  return testApp(engine);
}

for (const engine of testEngines()) {
  describe(`search route (${engine})`, () => {
    let t: TestApp;
    const tok: Record<string, string> = {};
    const ids: Record<string, string> = {};
    const get = (who: string | null, query: string) => t.call('GET', `${URL}?${query}`, who ? { token: tok[who] } : {});

    before(async () => {
      t = await appWithSearch(engine);
      const c = await t.center('search_c');
      const c2 = await t.center('search_d');
      const users: Array<[string, string, string[]]> = [['editor', c, ['editor']], ['town', c, ['resident_staff']], ['nobody', c, []], ['foreign', c2, ['editor']]];
      const uid: Record<string, string> = {};
      for (const [name, center, roles] of users) {
        uid[name] = (await t.user(center, roles, name)).id;
        tok[name] = await t.token(name);
      }
      const account = await addResidentAccount(t.db.db, c);
      await t.db.db.updateTable('users').set({ resident_account_id: account }).where('id', '=', uid.town!).execute();
      ids.editors = await addManuscript(t.db.db, { centerId: c, title: '乐昌市应急广播全覆盖', bodyHtml: '<p>全市 1582 个终端已接入应急广播系统。</p>', authorId: uid.editor });
      ids.towns = await addManuscript(t.db.db, { centerId: c, title: '坪石镇应急广播演练', authorId: uid.town, residentAccountId: account, status: 'in_review' });
      ids.foreign = await addManuscript(t.db.db, { centerId: c2, title: '应急广播', authorId: uid.foreign });
    });
    after(() => t.close());

    it('answers 401 without a login and 403 without the right to write manuscripts', async () => {
      assert.equal((await get(null, 'q=应急广播')).status, 401);
      const r = await get('nobody', 'q=应急广播');
      assert.equal(r.status, 403);
      assert.equal(r.body.error.code, 'PERMISSION_DENIED');
    });

    it('finds the center\'s manuscripts, best first, with highlights and paging', async () => {
      const r = await get('editor', `q=${encodeURIComponent('应急广播')}&pageSize=10`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.deepEqual(new Set(r.body.items.map((i: { id: string }) => i.id)), new Set([ids.editors, ids.towns]));
      assert.equal(r.body.total, 2);
      assert.equal(r.body.page, 1);
      assert.equal(r.body.pageSize, 10);
      const item = r.body.items.find((i: { id: string }) => i.id === ids.editors);
      assert.deepEqual(Object.keys(item).sort(), ['id', 'score', 'snippet', 'status', 'title', 'titleHighlights', 'updatedAt']);
      assert.deepEqual(item.titleHighlights.map(([s, e]: [number, number]) => item.title.slice(s, e)), ['应急广播']);
      assert.ok(item.snippet.highlights.every(([s, e]: [number, number]) => item.snippet.text.slice(s, e) === '应急广播'));
      const filtered = await get('editor', `q=${encodeURIComponent('应急广播')}&status=in_review`);
      assert.deepEqual(filtered.body.items.map((i: { id: string }) => i.id), [ids.towns]);
    });

    it('shows resident staff only their account\'s manuscripts, and no center another\'s', async () => {
      const town = await get('town', `q=${encodeURIComponent('应急广播')}`);
      assert.deepEqual(town.body.items.map((i: { id: string }) => i.id), [ids.towns]);
      const foreign = await get('foreign', `q=${encodeURIComponent('应急广播')}`);
      assert.deepEqual(foreign.body.items.map((i: { id: string }) => i.id), [ids.foreign]);
    });

    it('answers 200 to hostile queries, and 400 naming the field to bad parameters', async () => {
      for (const q of ['', '"', "'", '*', 'NEAR(', 'OR', '-', '"a" OR', '乐'.repeat(1000), '\u0000']) {
        const r = await get('editor', `q=${encodeURIComponent(q)}`);
        assert.equal(r.status, 200, `${JSON.stringify(q.slice(0, 10))}: ${JSON.stringify(r.body)}`);
      }
      assert.equal((await get('editor', '')).status, 200);
      const tooLong = await get('editor', `q=${'x'.repeat(1001)}`);
      assert.equal(tooLong.status, 400);
      assert.equal(tooLong.body.error.field, 'query.q');
      const badStatus = await get('editor', 'q=x&status=bogus');
      assert.equal(badStatus.status, 400);
      assert.equal((await get('editor', 'q=x&pageSize=1000')).status, 400);
      assert.equal((await get('editor', 'q=x&extra=1')).status, 400);
    });
  });
}
