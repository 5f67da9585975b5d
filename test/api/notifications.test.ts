/** Newsroom events become notifications through the outbox and the job runner. */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { signedIn, testApp, type TestApp } from '../helpers/app.ts';
import { testEngines } from '../helpers/engines.ts';
import { EventBus } from '../../src/platform/events/index.ts';
import { JobRunner, Scheduler } from '../../src/platform/jobs/index.ts';
import { newsroomModule } from '../../src/modules/newsroom/index.ts';
import { remindOverdueReviews } from '../../src/modules/newsroom/background.ts';

for (const engine of testEngines()) {
  describe(`notifications (${engine})`, () => {
    let t: TestApp;
    let events: EventBus;
    let runner: JobRunner;
    let scheduler: Scheduler;
    let tok: Record<string, string>;
    async function deliver() {
      for (let i = 0; i < 5; i++) {
        await events.relay(t.db.db);
        while ((await runner.runDue()) > 0);
      }
    }
    before(async () => {
      t = await testApp(engine);
      events = new EventBus();
      runner = new JobRunner({ db: t.db.db, pollMs: 50, leaseSeconds: 5 });
      scheduler = new Scheduler({ db: t.db.db });
      events.attach(runner);
      newsroomModule.background!({ db: t.db.db, config: t.config, events, runner, scheduler, mqtt: null });
      const c = await t.center('notif_c');
      ({ tok } = await signedIn(t, c, { writer: ['editor'], ed: ['editor'], head: ['reviewer'] }));
    });
    after(async () => {
      scheduler.stopAll();
      await t.close();
    });

    test('a return, a lock take-over and an overdue review each notify the right people, once', async () => {
      const m = (await t.call('POST', '/api/manuscripts', { token: tok.writer, body: { kind: 'article', content: { title: '村村响' } } })).body;
      await t.call('POST', `/api/manuscripts/${m.id}/lock`, { token: tok.writer, body: {} });
      await t.call('POST', `/api/manuscripts/${m.id}/lock`, { token: tok.ed, body: { takeover: true } });
      await t.call('DELETE', `/api/manuscripts/${m.id}/lock`, { token: tok.ed });
      await t.call('POST', `/api/manuscripts/${m.id}/review`, { token: tok.writer, body: { action: 'submit', version: 1 } });
      await t.call('POST', `/api/manuscripts/${m.id}/review`, { token: tok.ed, body: { action: 'return', version: 1, reason: '导语太长' } });
      await deliver();
      await deliver();
      const mine = await t.call('GET', '/api/notifications', { token: tok.writer });
      assert.equal(mine.body.unread, 2, JSON.stringify(mine.body));
      const kinds = mine.body.items.map((n: { kind: string }) => n.kind).sort();
      assert.deepEqual(kinds, ['manuscript.lock_taken', 'manuscript.returned']);
      const returned = mine.body.items.find((n: { kind: string }) => n.kind === 'manuscript.returned');
      assert.equal(returned.body, '导语太长');
      assert.equal(returned.link, `/newsroom/manuscripts/${m.id}`);

      await t.call('POST', `/api/manuscripts/${m.id}/review`, { token: tok.writer, body: { action: 'submit', version: 1 } });
      await t.call('POST', `/api/manuscripts/${m.id}/review`, { token: tok.ed, body: { action: 'approve', version: 1 } });
      const later = new Date(Date.now() + 5 * 3600_000);
      assert.equal(await remindOverdueReviews(t.db.db, 4, later), 1);
      assert.equal(await remindOverdueReviews(t.db.db, 4, later), 0, 'reminded once per period');
      await deliver();
      const head = await t.call('GET', '/api/notifications?unread=true', { token: tok.head });
      assert.deepEqual(head.body.items.map((n: { title: string }) => n.title), ['稿件待复审已超时：村村响']);
      assert.equal((await t.call('POST', `/api/notifications/${head.body.items[0].id}/read`, { token: tok.head })).status, 204);
      assert.equal((await t.call('GET', '/api/notifications', { token: tok.head })).body.unread, 0);
      assert.equal((await t.call('POST', '/api/notifications/read-all', { token: tok.writer })).status, 204);
      assert.equal((await t.call('GET', '/api/notifications', { token: tok.writer })).body.unread, 0);
      // Someone else's notification cannot be marked read by another user.
      assert.equal((await t.call('GET', '/api/notifications', { token: tok.ed })).body.total, 0);
    });
  });
}
