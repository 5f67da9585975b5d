/** Content safety: versioned rules, live checks with positions, and the sign-off gate. */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { signedIn, testApp, type TestApp } from '../helpers/app.ts';
import { testEngines } from '../helpers/engines.ts';

for (const engine of testEngines()) {
  describe(`content safety (${engine})`, () => {
    let t: TestApp;
    let tok: Record<string, string>;
    before(async () => {
      t = await testApp(engine);
      const c = await t.center('safe_c');
      ({ tok } = await signedIn(t, c, { writer: ['editor'], ed: ['editor'], head: ['reviewer'], boss: ['leader'], admin: ['admin'] }));
    });
    after(() => t.close());

    test('rules are versioned; a stale base version is refused; import merges', async () => {
      const empty = await t.call('GET', '/api/safety/rules', { token: tok.writer });
      assert.equal(empty.body.version, 0);
      const document = {
        words: [{ word: '禁用词', level: 'block', category: '政治' }, { word: '广播', level: 'review' }],
        typos: [{ wrong: '按装', right: '安装' }],
        leaders: [{ name: '张伟', title: '市委书记', rank: 1 }, { name: '李强', title: '市长', rank: 2 }],
        bannedHosts: ['bad.example'],
      };
      assert.equal((await t.call('PUT', '/api/safety/rules', { token: tok.writer, body: { baseVersion: 0, document } })).status, 403);
      const v1 = await t.call('PUT', '/api/safety/rules', { token: tok.boss, body: { baseVersion: 0, document, note: '初始词库' } });
      assert.equal(v1.status, 200, JSON.stringify(v1.body));
      assert.equal(v1.body.version, 1);
      assert.equal((await t.call('PUT', '/api/safety/rules', { token: tok.boss, body: { baseVersion: 0, document } })).body.error.code, 'SAFETY_RULES_VERSION_CONFLICT');
      const v2 = await t.call('POST', '/api/safety/rules/import', { token: tok.boss, body: { baseVersion: 1, text: '急广\treview\n# comment\n\n另一个词', level: 'review', mode: 'merge' } });
      assert.equal(v2.body.version, 2);
      assert.equal(v2.body.document.words.length, 4);
      const versions = await t.call('GET', '/api/safety/rules/versions', { token: tok.boss });
      assert.deepEqual(versions.body.items.map((v: { version: number }) => v.version), [2, 1]);
      assert.equal((await t.call('GET', '/api/safety/rules/versions/1', { token: tok.boss })).body.document.words.length, 2);
      const bad = await t.call('PUT', '/api/safety/rules', { token: tok.boss, body: { baseVersion: 2, document: { ...document, words: [{ word: '', level: 'block' }] } } });
      assert.equal(bad.status, 400);
    });

    test('live check: every overlapping match with its position, typos, links, leaders', async () => {
      const body = '应急广播已开通，请按装终端。详见 http://www.bad.example/x 。李强、张伟出席。';
      const r = await t.call('POST', '/api/safety/check', { token: tok.writer, body: { title: '禁用词标题', body } });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      const words = r.body.findings.map((f: { field: string; rule: string; word: string; start: number; end: number }) => `${f.field}:${f.rule}:${f.word}@${f.start}`);
      assert.ok(words.includes('title:sensitive_word:禁用词@0'), words.join(' '));
      assert.ok(words.includes('body:sensitive_word:广播@2'), words.join(' '));
      assert.ok(words.includes('body:sensitive_word:急广@1'), 'overlapping words are all reported');
      assert.ok(r.body.findings.some((f: { rule: string; suggestion?: string }) => f.rule === 'typo' && f.suggestion === '安装'));
      assert.ok(r.body.findings.some((f: { rule: string }) => f.rule === 'banned_link'));
      assert.ok(r.body.findings.some((f: { rule: string }) => f.rule === 'leader_order'));
      for (const f of r.body.findings.filter((x: { field: string }) => x.field === 'body')) assert.equal(body.slice(f.start, f.end).toLowerCase(), f.rule === 'banned_link' ? body.slice(f.start, f.end).toLowerCase() : f.word);
      assert.equal(r.body.rulesVersion, 2);
    });

    test('a "block" word stops sign-off; the leader overrides with a reason, audited', async () => {
      const m = (await t.call('POST', '/api/manuscripts', { token: tok.writer, body: { kind: 'article', content: { title: '一篇稿件', bodyHtml: '<p>含有禁用词的正文</p>' } } })).body;
      for (const [who, action] of [['writer', 'submit'], ['ed', 'approve'], ['head', 'approve']]) {
        assert.equal((await t.call('POST', `/api/manuscripts/${m.id}/review`, { token: tok[who], body: { action, version: 1 } })).status, 200);
      }
      const blocked = await t.call('POST', `/api/manuscripts/${m.id}/review`, { token: tok.boss, body: { action: 'approve', version: 1 } });
      assert.equal(blocked.status, 409);
      assert.equal(blocked.body.error.code, 'SAFETY_BLOCKED');
      assert.equal(blocked.body.error.details.findings[0].word, '禁用词');
      const signed = await t.call('POST', `/api/manuscripts/${m.id}/review`, { token: tok.boss, body: { action: 'approve', version: 1, override: { reason: '引用原文，已核实' } } });
      assert.equal(signed.body.status, 'signed_off');
      const audit = await t.call('GET', `/api/audit?subjectId=${m.id}&action=newsroom.safety.override`, { token: tok.admin });
      assert.equal(audit.body.total, 1);
      assert.equal(audit.body.items[0].detail.reason, '引用原文，已核实');
      const checks = await t.db.db.selectFrom('safety_checks').select(['stage', 'blocking']).where('manuscript_id', '=', m.id).orderBy('created_at').execute();
      assert.deepEqual(checks.map((c) => c.stage), ['submit', 'sign_off']);
    });
  });
}
