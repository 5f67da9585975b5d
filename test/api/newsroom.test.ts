/** Manuscripts and the three-level review through the API, on every engine. */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { signedIn, testApp, type TestApp } from '../helpers/app.ts';
import { testEngines } from '../helpers/engines.ts';

for (const engine of testEngines()) {
  describe(`newsroom (${engine})`, () => {
    let t: TestApp;
    let tok: Record<string, string>;
    before(async () => {
      t = await testApp(engine);
      const c = await t.center('news_c');
      ({ tok } = await signedIn(t, c, { writer: ['editor'], ed2: ['editor'], head: ['reviewer'], boss: ['leader'], solo: ['editor', 'reviewer', 'leader'], town: ['resident_staff'], town2: ['resident_staff'], admin: ['admin'] }));
    });
    after(() => t.close());

    async function newDraft(by = 'writer', title = '乐昌市应急广播全覆盖') {
      const r = await t.call('POST', '/api/manuscripts', { token: tok[by], body: { kind: 'article', content: { title, bodyHtml: '<p>全市 1582 个终端已接入。</p>', tags: ['应急广播'] } } });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      return r.body as { id: string; version: number; status: string };
    }
    const act = (who: string, id: string, action: string, version: number, reason?: string) =>
      t.call('POST', `/api/manuscripts/${id}/review`, { token: tok[who], body: { action, version, ...(reason && { reason }) } });

    test('plan → draft → three levels with a return on the way → signed off; the timeline shows every step', async () => {
      const m = await newDraft();
      assert.equal(m.status, 'draft');
      assert.equal((await act('writer', m.id, 'submit', 1)).body.reviewLevel, 1);
      assert.equal((await act('ed2', m.id, 'approve', 1)).body.reviewLevel, 2);
      const ret = await act('head', m.id, 'return', 1, '数字需要核实来源');
      assert.equal(ret.body.status, 'returned');
      const saved = await t.call('PUT', `/api/manuscripts/${m.id}/content`, { token: tok.writer, body: { baseVersion: 1, content: { title: '乐昌市应急广播实现全覆盖', bodyHtml: '<p>据市应急局，全市 1582 个终端已接入。</p>' }, note: '补充来源' } });
      assert.equal(saved.body.version, 2);
      await act('writer', m.id, 'submit', 2);
      await act('ed2', m.id, 'approve', 2);
      await act('head', m.id, 'approve', 2);
      const signed = await act('boss', m.id, 'approve', 2);
      assert.equal(signed.body.status, 'signed_off');
      assert.equal(signed.body.signedOff.version, 2);
      const tl = (await t.call('GET', `/api/manuscripts/${m.id}/timeline`, { token: tok.writer })).body.items.map((i: { action: string }) => i.action);
      assert.deepEqual(tl, ['create', 'submit', 'approve', 'return', 'save', 'submit', 'approve', 'approve', 'sign_off']);
      const audit = await t.call('GET', `/api/audit?subjectId=${m.id}&pageSize=50`, { token: tok.admin });
      assert.ok(audit.body.items.some((e: { action: string }) => e.action === 'newsroom.review.sign_off'));
      const events = await t.db.db.selectFrom('outbox').select('type').execute();
      assert.ok(events.some((e) => e.type === 'manuscript.signed_off'));
    });

    test('wrong transitions answer 409/403/400 with their codes', async () => {
      const m = await newDraft();
      const expect = async (r: Promise<{ status: number; body: any }>, status: number, code: string) => {
        const res = await r;
        assert.equal(res.status, status, JSON.stringify(res.body));
        assert.equal(res.body.error.code, code);
      };
      await expect(act('ed2', m.id, 'approve', 1), 409, 'REVIEW_INVALID_TRANSITION');
      await act('writer', m.id, 'submit', 1);
      await expect(act('head', m.id, 'approve', 1), 403, 'REVIEW_LEVEL_FORBIDDEN');
      await expect(act('writer', m.id, 'approve', 1), 403, 'REVIEW_OWN_WORK');
      await expect(act('ed2', m.id, 'return', 1), 400, 'REVIEW_REASON_REQUIRED');
      await expect(act('ed2', m.id, 'approve', 7), 409, 'MANUSCRIPT_VERSION_CONFLICT');
      await expect(t.call('PUT', `/api/manuscripts/${m.id}/content`, { token: tok.writer, body: { baseVersion: 1, content: { title: 'x' } } }), 409, 'MANUSCRIPT_NOT_EDITABLE');
      await act('ed2', m.id, 'return', 1, '请改标题');
      await expect(act('boss', m.id, 'approve', 1), 409, 'REVIEW_INVALID_TRANSITION');
      const solo = await newDraft('solo', '一人多级');
      await act('solo', solo.id, 'submit', 1);
      await expect(act('solo', solo.id, 'approve', 1), 403, 'REVIEW_OWN_WORK');
      for (const who of ['ed2', 'head', 'boss']) await act(who, solo.id, 'approve', 1);
      await expect(t.call('PUT', `/api/manuscripts/${solo.id}/content`, { token: tok.boss, body: { baseVersion: 1, content: { title: '改' } } }), 409, 'MANUSCRIPT_SIGNED_OFF');
      await expect(t.call('POST', `/api/manuscripts/${solo.id}/versions/1/restore`, { token: tok.boss, body: {} }), 409, 'MANUSCRIPT_SIGNED_OFF');
    });

    test('a reviewer holding several levels approves each separately', async () => {
      await t.call('POST', '/api/columns', { token: tok.boss, body: { code: 'quick', name: '快讯', reviewLevels: 2 } });
      const col = (await t.call('GET', '/api/columns', { token: tok.writer })).body.items.find((c: { code: string }) => c.code === 'quick');
      const m = (await t.call('POST', '/api/manuscripts', { token: tok.writer, body: { kind: 'article', columnId: col.id, content: { title: '快讯' } } })).body;
      assert.equal(m.reviewLevels, 2);
      await act('writer', m.id, 'submit', 1);
      assert.equal((await act('solo', m.id, 'approve', 1)).body.reviewLevel, 2);
      assert.equal((await act('solo', m.id, 'approve', 1)).body.status, 'signed_off');
      const steps = await t.db.db.selectFrom('review_actions').select(['action', 'level']).where('manuscript_id', '=', m.id).orderBy('created_at').execute();
      assert.deepEqual(steps.map((s) => [s.action, s.level === null ? null : Number(s.level)]), [['submit', null], ['approve', 1], ['sign_off', 2]]);
    });

    test('versions: list, diff, restore; optimistic concurrency; edit lock with take-over', async () => {
      const m = await newDraft();
      await t.call('PUT', `/api/manuscripts/${m.id}/content`, { token: tok.writer, body: { baseVersion: 1, content: { title: '乐昌市应急广播全面覆盖', bodyHtml: '<p>全市 1600 个终端已接入。</p>' } } });
      const stale = await t.call('PUT', `/api/manuscripts/${m.id}/content`, { token: tok.writer, body: { baseVersion: 1, content: { title: '旧' } } });
      assert.equal(stale.body.error.code, 'MANUSCRIPT_VERSION_CONFLICT');
      const diff = await t.call('GET', `/api/manuscripts/${m.id}/diff?from=1&to=2`, { token: tok.writer });
      const title = diff.body.fields.find((f: { field: string }) => f.field === 'title');
      assert.deepEqual(title.ops, [{ op: 'same', text: '乐昌市应急广播全' }, { op: 'add', text: '面' }, { op: 'same', text: '覆盖' }]);
      const restored = await t.call('POST', `/api/manuscripts/${m.id}/versions/1/restore`, { token: tok.writer, body: {} });
      assert.equal(restored.body.version, 3);
      assert.equal(restored.body.content.title, '乐昌市应急广播全覆盖');
      assert.deepEqual((await t.call('GET', `/api/manuscripts/${m.id}/versions`, { token: tok.writer })).body.items.map((v: { version: number }) => v.version), [3, 2, 1]);

      assert.equal((await t.call('POST', `/api/manuscripts/${m.id}/lock`, { token: tok.writer, body: {} })).body.lock.userId !== undefined, true);
      const blocked = await t.call('POST', `/api/manuscripts/${m.id}/lock`, { token: tok.ed2, body: {} });
      assert.equal(blocked.body.error.code, 'MANUSCRIPT_LOCKED');
      assert.equal((await t.call('PUT', `/api/manuscripts/${m.id}/content`, { token: tok.ed2, body: { baseVersion: 3, content: { title: 'x' } } })).body.error.code, 'MANUSCRIPT_LOCKED');
      const taken = await t.call('POST', `/api/manuscripts/${m.id}/lock`, { token: tok.ed2, body: { takeover: true } });
      assert.equal(taken.status, 200);
      const notice = await t.db.db.selectFrom('outbox').select('payload').where('type', '=', 'manuscript.lock_taken').executeTakeFirst();
      assert.ok(notice);
      assert.equal((await t.call('PUT', `/api/manuscripts/${m.id}/content`, { token: tok.writer, body: { baseVersion: 3, content: { title: 'x' } } })).body.error.code, 'MANUSCRIPT_LOCKED');
    });

    test('HTML is cleaned to the allow-list; titles stay text', async () => {
      const r = await t.call('POST', '/api/manuscripts', { token: tok.writer, body: { kind: 'article', content: {
        title: '<img src=x onerror=alert(1)>标题', bodyHtml: '<p onclick="x()">正文<script>alert(1)</script><a href="javascript:alert(1)">链</a><img src="https://a.cn/p.jpg" onerror="y()"><iframe src="//evil"></iframe><strong style="color:red">强</strong></p>',
      } } });
      const body = r.body.content.bodyHtml as string;
      assert.doesNotMatch(body, /script|onclick|onerror|javascript:|iframe|style=/i);
      assert.match(body, /<p>正文.*<a rel="noopener noreferrer nofollow">链<\/a><img src="https:\/\/a\.cn\/p\.jpg" \/><strong>强<\/strong><\/p>/);
      assert.equal(r.body.content.title, '<img src=x onerror=alert(1)>标题', 'titles are text, escaped where shown');
    });

    test("resident-account staff see only their own manuscripts; others' are not found", async () => {
      const own = await newDraft('town', '乡镇动态');
      const staff = await newDraft('writer', '中心稿件');
      const list = await t.call('GET', '/api/manuscripts?pageSize=100', { token: tok.town2 });
      assert.ok(!list.body.items.some((m: { id: string }) => m.id === own.id || m.id === staff.id));
      assert.equal((await t.call('GET', `/api/manuscripts/${own.id}`, { token: tok.town2 })).status, 404);
      assert.equal((await t.call('GET', `/api/manuscripts/${own.id}`, { token: tok.town })).status, 200);
      assert.equal((await t.call('GET', `/api/manuscripts/${own.id}`, { token: tok.ed2 })).status, 200, 'center staff see resident submissions');
      await act('town', own.id, 'submit', 1);
      const q = await t.call('GET', '/api/review/queues', { token: tok.ed2 });
      assert.ok(q.body.levels.find((l: { level: number }) => l.level === 1).waiting >= 1);
      const queue1 = await t.call('GET', '/api/manuscripts?queue=1', { token: tok.ed2 });
      assert.ok(queue1.body.items.some((m: { id: string }) => m.id === own.id));
    });
  });
}

for (const engine of testEngines()) {
  describe(`corrections and retraction (${engine})`, () => {
    let t: TestApp;
    let tok: Record<string, string>;
    before(async () => {
      t = await testApp(engine);
      const c = await t.center('corr_c');
      ({ tok } = await signedIn(t, c, { writer: ['editor'], ed: ['editor'], head: ['reviewer'], boss: ['leader'] }));
    });
    after(() => t.close());

    async function signedOff(title: string) {
      const m = (await t.call('POST', '/api/manuscripts', { token: tok.writer, body: { kind: 'article', content: { title, bodyHtml: '<p>原文</p>' } } })).body;
      for (const [who, action] of [['writer', 'submit'], ['ed', 'approve'], ['head', 'approve'], ['boss', 'approve']]) {
        const r = await t.call('POST', `/api/manuscripts/${m.id}/review`, { token: tok[who], body: { action, version: 1 } });
        assert.equal(r.status, 200, JSON.stringify(r.body));
      }
      return m.id as string;
    }

    test('a correction is a new version with a visible note, by the sign-off authority only', async () => {
      const id = await signedOff('更正测试');
      const body = { baseVersion: 1, content: { title: '更正测试', bodyHtml: '<p>改正后的原文</p>' }, note: '第二段数字有误，已更正' };
      assert.equal((await t.call('POST', `/api/manuscripts/${id}/corrections`, { token: tok.writer, body })).body.error.code, 'REVIEW_LEVEL_FORBIDDEN');
      const c = await t.call('POST', `/api/manuscripts/${id}/corrections`, { token: tok.boss, body });
      assert.equal(c.status, 200, JSON.stringify(c.body));
      assert.equal(c.body.version, 2);
      assert.equal(c.body.signedOff.version, 2);
      const list = await t.call('GET', `/api/manuscripts/${id}/corrections`, { token: tok.writer });
      assert.deepEqual(list.body.items.map((x: { note: string }) => x.note), ['第二段数字有误，已更正']);
      assert.equal((await t.call('POST', `/api/manuscripts/${id}/corrections`, { token: tok.boss, body: { ...body, note: '' } })).body.error.code, 'VALIDATION_FAILED');
      const draft = (await t.call('POST', '/api/manuscripts', { token: tok.writer, body: { kind: 'article', content: { title: '草稿' } } })).body;
      assert.equal((await t.call('POST', `/api/manuscripts/${draft.id}/corrections`, { token: tok.boss, body })).body.error.code, 'REVIEW_INVALID_TRANSITION');
    });

    test('retraction: requested with a reason, approved by the leader, emitted for every channel', async () => {
      const id = await signedOff('撤稿测试');
      const req = await t.call('POST', `/api/manuscripts/${id}/retraction`, { token: tok.writer, body: { reason: '当事人信息有误' } });
      assert.equal(req.body.status, 'signed_off');
      assert.equal(req.body.retraction.reason, '当事人信息有误');
      assert.equal((await t.call('POST', `/api/manuscripts/${id}/retraction/decision`, { token: tok.head, body: { approve: true } })).body.error.code, 'REVIEW_LEVEL_FORBIDDEN');
      const done = await t.call('POST', `/api/manuscripts/${id}/retraction/decision`, { token: tok.boss, body: { approve: true } });
      assert.equal(done.body.status, 'retracted');
      const ev = await t.db.db.selectFrom('outbox').select('payload').where('type', '=', 'manuscript.retracted').execute();
      assert.equal(ev.length, 1);
      assert.equal(JSON.parse(ev[0]!.payload).reason, '当事人信息有误');
      const audit = await t.db.db.selectFrom('audit_log').select('action').where('subject_id', '=', id).execute();
      assert.ok(audit.some((a) => a.action === 'newsroom.manuscript.retract'));
      assert.equal((await t.call('PUT', `/api/manuscripts/${id}/content`, { token: tok.boss, body: { baseVersion: 1, content: { title: 'x' } } })).body.error.code, 'MANUSCRIPT_NOT_EDITABLE');
      const other = await signedOff('撤稿二');
      assert.equal((await t.call('POST', `/api/manuscripts/${other}/retraction/decision`, { token: tok.boss, body: { approve: true } })).body.error.code, 'RETRACTION_NOT_REQUESTED');
      assert.equal((await t.call('POST', `/api/manuscripts/${other}/retraction`, { token: tok.boss, body: { reason: '领导直接撤稿' } })).body.status, 'retracted');
      const third = await signedOff('下线');
      assert.equal((await t.call('POST', `/api/manuscripts/${third}/unpublish`, { token: tok.boss, body: { reason: '时效已过' } })).body.status, 'unpublished');
    });
  });
}

describe('center review depth, attachments and links', () => {
  test('manuscripts outside a column follow the center default; attachments and links are kept', async () => {
    const t = await testApp('sqlite');
    try {
      const c = await t.center('depth_c');
      const { tok: { ww: w, ll: l } } = await signedIn(t, c, { ww: ['editor'], ll: ['leader'] });
      assert.equal((await t.call('GET', '/api/newsroom/settings', { token: w })).body.defaultReviewLevels, 3);
      assert.equal((await t.call('PUT', '/api/newsroom/settings', { token: w, body: { defaultReviewLevels: 2 } })).status, 403);
      assert.equal((await t.call('PUT', '/api/newsroom/settings', { token: l, body: { defaultReviewLevels: 2 } })).body.defaultReviewLevels, 2);
      const m = await t.call('POST', '/api/manuscripts', { token: w, body: { kind: 'h5', content: { title: 'H5 专题', linkUrl: 'https://h5.example.cn/flood', attachments: [{ mediaId: 'abc-123', name: '通知.pdf' }] } } });
      assert.equal(m.body.reviewLevels, 2);
      assert.equal(m.body.content.linkUrl, 'https://h5.example.cn/flood');
      assert.deepEqual(m.body.content.attachments, [{ mediaId: 'abc-123', name: '通知.pdf' }]);
      const bad = await t.call('POST', '/api/manuscripts', { token: w, body: { kind: 'h5', content: { title: 'x', linkUrl: 'javascript:alert(1)' } } });
      assert.equal(bad.status, 400);
      assert.equal(bad.body.error.field, 'content.linkUrl');
    } finally {
      await t.close();
    }
  });
});
