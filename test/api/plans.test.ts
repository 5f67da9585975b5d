/** Story plans (选题): propose, approve or reject, assign, board and calendar. */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { signedIn, testApp, type TestApp } from '../helpers/app.ts';
import { testEngines } from '../helpers/engines.ts';

for (const engine of testEngines()) {
  describe(`story plans (${engine})`, () => {
    let t: TestApp;
    let tok: Record<string, string>;
    let ids: Record<string, string>;
    before(async () => {
      t = await testApp(engine);
      const c = await t.center('plans_c');
      ({ tok, ids } = await signedIn(t, c, { reporter: ['editor'], head: ['reviewer'], camera: ['editor'], town: ['resident_staff'] }));
    });
    after(() => t.close());

    test('propose → approve → assign → link a manuscript → done; board and calendar', async () => {
      const p = await t.call('POST', '/api/plans', { token: tok.reporter, body: { title: '汛期应急广播演练', angle: '村村响', channels: ['app', 'tv'], deadline: '2026-12-03T10:00:00+08:00' } });
      assert.equal(p.status, 201, JSON.stringify(p.body));
      assert.equal(p.body.status, 'proposed');
      assert.equal((await t.call('PUT', `/api/plans/${p.body.id}/assignments`, { token: tok.head, body: { assignments: [] } })).body.error.code, 'PLAN_INVALID_TRANSITION');
      assert.equal((await t.call('POST', `/api/plans/${p.body.id}/decision`, { token: tok.reporter, body: { decision: 'approve' } })).status, 403);
      const ok = await t.call('POST', `/api/plans/${p.body.id}/decision`, { token: tok.head, body: { decision: 'approve', note: '同意' } });
      assert.equal(ok.body.status, 'approved');
      const assigned = await t.call('PUT', `/api/plans/${p.body.id}/assignments`, { token: tok.head, body: { assignments: [{ userId: ids.reporter, task: 'reporter' }, { userId: ids.camera, task: 'photographer' }] } });
      assert.deepEqual(assigned.body.assignments.map((a: { task: string }) => a.task).sort(), ['photographer', 'reporter']);
      const events = await t.db.db.selectFrom('outbox').select('payload').where('type', '=', 'plan.assigned').execute();
      assert.equal(events.length, 2);
      const m = await t.call('POST', '/api/manuscripts', { token: tok.reporter, body: { kind: 'video', planId: p.body.id, content: { title: '演练现场' } } });
      assert.equal(m.status, 201);
      assert.equal((await t.call('GET', `/api/plans/${p.body.id}`, { token: tok.reporter })).body.manuscriptCount, 1);
      const mine = await t.call('GET', '/api/plans?assignedToMe=true', { token: tok.camera });
      assert.deepEqual(mine.body.items.map((x: { id: string }) => x.id), [p.body.id]);
      const week = await t.call('GET', `/api/plans?from=${encodeURIComponent('2026-12-01T00:00:00+08:00')}&to=${encodeURIComponent('2026-12-08T00:00:00+08:00')}`, { token: tok.head });
      assert.equal(week.body.total, 1);
      const board = await t.call('GET', '/api/plans/board', { token: tok.head });
      assert.equal(board.body.columns.find((c: { status: string }) => c.status === 'approved').total, 1);
      assert.equal((await t.call('POST', `/api/plans/${p.body.id}/decision`, { token: tok.head, body: { decision: 'done' } })).body.status, 'done');
      assert.equal((await t.call('POST', `/api/plans/${p.body.id}/decision`, { token: tok.head, body: { decision: 'cancel', note: 'x' } })).body.error.code, 'PLAN_INVALID_TRANSITION');
    });

    test('rejecting needs a reason; only the proposer edits a proposal; bad input is named', async () => {
      const p = await t.call('POST', '/api/plans', { token: tok.reporter, body: { title: '选题', channels: ['web'] } });
      assert.equal((await t.call('POST', `/api/plans/${p.body.id}/decision`, { token: tok.head, body: { decision: 'reject' } })).body.error.code, 'PLAN_REASON_REQUIRED');
      assert.equal((await t.call('PATCH', `/api/plans/${p.body.id}`, { token: tok.camera, body: { title: '改' } })).body.error.code, 'PLAN_NOT_EDITABLE');
      assert.equal((await t.call('PATCH', `/api/plans/${p.body.id}`, { token: tok.reporter, body: { title: '改好的选题' } })).body.title, '改好的选题');
      const bad = await t.call('POST', '/api/plans', { token: tok.reporter, body: { title: 'x', channels: ['fax'] } });
      assert.equal(bad.status, 400);
      assert.match(bad.body.error.field, /^channels/);
      assert.equal((await t.call('GET', '/api/plans', { token: tok.town })).status, 403, 'resident staff do not see the plan board');
    });
  });
}
