/**
 * The job queue's depth: queued and due jobs by name on /metrics, a warning logged once
 * per crossing of JOBS_BACKLOG_WARN (not at every count), and /healthz saying
 * `degraded` for a backlog while staying 200 (a backlog is no reason to restart).
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, type TestApp } from '../helpers/app.ts';
import { testEngines } from '../helpers/engines.ts';
import { ConfigError, loadConfig } from '../../src/platform/config.ts';
import { BacklogWatch, enqueue } from '../../src/platform/jobs/index.ts';

test('JOBS_BACKLOG_WARN defaults to 1000 and is validated like the other settings', () => {
  assert.equal(loadConfig({}).jobsBacklogWarn, 1000);
  assert.equal(loadConfig({ JOBS_BACKLOG_WARN: '25' }).jobsBacklogWarn, 25);
  for (const bad of ['0', 'lots', '-5']) {
    assert.throws(() => loadConfig({ JOBS_BACKLOG_WARN: bad }), (err: unknown) => err instanceof ConfigError && /JOBS_BACKLOG_WARN/.test(err.message));
  }
});

for (const engine of testEngines()) {
  describe(`job backlog (${engine})`, () => {
    let t: TestApp;
    const gauge = (text: string, metric: string, name: string) => {
      const m = new RegExp(`^${metric}\\{name="${name.replace(/\./g, '\\.')}"\\} (\\d+)$`, 'm').exec(text);
      return m ? Number(m[1]) : null;
    };

    before(async () => {
      t = await testApp(engine, { JOBS_BACKLOG_WARN: '3' });
    });
    after(async () => {
      await t?.close();
    });

    test('/metrics counts queued and due jobs per name; /healthz turns degraded (still 200) past the threshold', async () => {
      let health = await t.call('GET', '/healthz');
      assert.equal(health.status, 200);
      assert.deepEqual([health.body.status, health.body.jobs], ['ok', { status: 'ok', due: 0, threshold: 3 }]);

      for (let i = 0; i < 3; i++) await enqueue(t.db.db, 'test.mail', { i });
      await enqueue(t.db.db, 'test.report', {});
      await enqueue(t.db.db, 'test.report', {}, { runAt: new Date(Date.now() + 3600_000) });
      const metrics = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
      assert.equal(gauge(metrics, 'rongmei_jobs_queued', 'test.mail'), 3);
      assert.equal(gauge(metrics, 'rongmei_jobs_due', 'test.mail'), 3);
      assert.equal(gauge(metrics, 'rongmei_jobs_queued', 'test.report'), 2);
      assert.equal(gauge(metrics, 'rongmei_jobs_due', 'test.report'), 1, 'a job for later is queued, not due');
      assert.match(metrics, /^rongmei_jobs_backlog_threshold 3$/m);

      health = await t.call('GET', '/healthz');
      assert.equal(health.status, 200, 'a backlog degrades, it never fails the check');
      assert.deepEqual([health.body.status, health.body.jobs], ['degraded', { status: 'degraded', due: 4, threshold: 3 }]);

      await t.db.db.updateTable('jobs').set({ status: 'done' }).where('name', '=', 'test.mail').execute();
      health = await t.call('GET', '/healthz');
      assert.deepEqual([health.body.status, health.body.jobs.status, health.body.jobs.due], ['ok', 'ok', 1]);
      const after = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
      assert.equal(gauge(after, 'rongmei_jobs_due', 'test.mail'), null, 'a name with nothing queued leaves the gauge');
    });

    test('the warning is logged once per crossing, however often the queue is counted', async () => {
      await t.db.db.deleteFrom('jobs').execute();
      const lines: { level: string; msg: string }[] = [];
      const logger = {
        warn: (_o: unknown, msg: string) => lines.push({ level: 'warn', msg }),
        info: (_o: unknown, msg: string) => lines.push({ level: 'info', msg }),
      } as never;
      const watch = new BacklogWatch({ db: t.db.db, threshold: 2, logger });
      const warnings = () => lines.filter((l) => l.level === 'warn').length;
      for (let i = 0; i < 2; i++) await enqueue(t.db.db, 'test.flood', { i });
      assert.equal((await watch.check()).over, false, 'at the threshold is not over it');
      await enqueue(t.db.db, 'test.flood', { i: 2 });
      for (let i = 0; i < 5; i++) assert.equal((await watch.check()).over, true);
      assert.equal(warnings(), 1, 'five counts over the threshold, one warning');
      assert.match(lines[0]!.msg, /JOBS_BACKLOG_WARN/);
      await t.db.db.updateTable('jobs').set({ status: 'running' }).where('name', '=', 'test.flood').execute();
      await watch.check();
      await watch.check();
      assert.deepEqual(lines.map((l) => l.level), ['warn', 'info'], 'falling back under is said once too');
      await t.db.db.updateTable('jobs').set({ status: 'queued' }).where('name', '=', 'test.flood').execute();
      await watch.check();
      await watch.check();
      assert.equal(warnings(), 2, 'a second crossing warns again');
      const [a, b] = await Promise.all([watch.check(), watch.check()]);
      assert.equal(a, b, 'checks at the same moment share one count');
    });
  });
}
