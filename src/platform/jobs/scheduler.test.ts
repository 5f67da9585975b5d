import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { testEngines } from '../../../test/helpers/engines.ts';
import { waitFor, withDb } from '../../../test/fixtures/jobs/util.ts';
import { listJobs, Scheduler, tickMinute } from './index.ts';

describe('tickMinute', () => {
  test('floors to the UTC minute', () => {
    assert.equal(tickMinute(new Date('2025-03-01T19:00:59.999Z')), '2025-03-01T19:00Z');
    assert.equal(tickMinute(new Date('2025-03-01T03:00:00+08:00')), '2025-02-28T19:00Z');
  });
});

for (const engine of testEngines()) {
  describe(`scheduler on ${engine}`, () => {
    test('two processes firing the same tick enqueue one job', async () => {
      await withDb(engine, async ({ db }) => {
        const a = new Scheduler({ db, timezone: 'Asia/Shanghai' });
        const b = new Scheduler({ db, timezone: 'Asia/Shanghai' });
        try {
          for (const s of [a, b]) s.schedule('nightly-backup', '0 3 * * *', 'backup', { keepDays: 30 }, { maxAttempts: 2 });
          const first = await a.fire('nightly-backup', new Date('2025-03-01T19:00:00.004Z'));
          const second = await b.fire('nightly-backup', new Date('2025-03-01T19:00:01.250Z'));
          assert.equal(first.created, true);
          assert.deepEqual(second, { id: first.id, created: false });
          const next = await b.fire('nightly-backup', new Date('2025-03-02T19:00:00.010Z'));
          assert.equal(next.created, true);

          const { items } = await listJobs(db, { name: 'backup', page: 1, pageSize: 10 });
          assert.deepEqual(items.map((j) => j.idempotencyKey).sort(), ['cron:nightly-backup:2025-03-01T19:00Z', 'cron:nightly-backup:2025-03-02T19:00Z']);
          assert.deepEqual(items[0]?.payload, { keepDays: 30 });
          assert.equal(items[0]?.maxAttempts, 2);
          // 03:00 in Shanghai is 19:00 UTC.
          assert.equal(a.nextRun('nightly-backup')?.getUTCHours(), 19);
        } finally {
          a.stopAll();
          b.stopAll();
        }
      });
    });

    test('a running schedule enqueues on its tick, and stopAll stops it', async () => {
      await withDb(engine, async ({ db }) => {
        const s = new Scheduler({ db });
        try {
          s.schedule('every-second', '* * * * * *', 'tick', {});
          await waitFor('a tick to enqueue a job', async () => (await listJobs(db, { name: 'tick', page: 1, pageSize: 1 })).total > 0, 5_000);
        } finally {
          s.stopAll();
        }
        assert.equal(s.nextRun('every-second'), null);
      });
    });

    test('refuses a taken name, an invalid pattern and an unknown schedule', async () => {
      await withDb(engine, async ({ db }) => {
        const s = new Scheduler({ db });
        try {
          s.schedule('x', '*/5 * * * *', 'j', null);
          assert.throws(() => s.schedule('x', '*/5 * * * *', 'j', null), /exists already/);
          assert.throws(() => s.schedule('y', 'every morning', 'j', null));
          await assert.rejects(s.fire('nope', new Date()), /no schedule named/);
        } finally {
          s.stopAll();
        }
      });
    });
  });
}
