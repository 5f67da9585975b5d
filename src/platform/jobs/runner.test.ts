import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { testEngines } from '../../../test/helpers/engines.ts';
import { withDb } from '../../../test/fixtures/jobs/util.ts';
import type { Db } from '../db/index.ts';
import { until } from '../../../test/helpers/wait.ts';
import { enqueue, getJob, listJobs, retryJob, JobRunner, defaultBackoff, type JobContext, type JobFinished } from './index.ts';

function runner(db: Db, extra: Partial<ConstructorParameters<typeof JobRunner>[0]> = {}): JobRunner {
  return new JobRunner({ db, pollMs: 20, leaseSeconds: 30, backoff: () => 0, ...extra });
}

async function jobCount(db: Db): Promise<number> {
  const r = await db.selectFrom('jobs').select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

describe('defaultBackoff', () => {
  test('grows exponentially, keeps at least half the delay, and is capped at 10 minutes', () => {
    for (let i = 0; i < 50; i++) {
      const first = defaultBackoff(1);
      assert.ok(first >= 500 && first <= 1000, `attempt 1: ${first}`);
      const fourth = defaultBackoff(4);
      assert.ok(fourth >= 4000 && fourth <= 8000, `attempt 4: ${fourth}`);
      assert.ok(defaultBackoff(40) <= 600_000);
      assert.ok(defaultBackoff(40) >= 300_000);
    }
  });
});

for (const engine of testEngines()) {
  describe(`jobs on ${engine}`, () => {
    test('an enqueued job is claimed, run with its payload and context, and marked done', async () => {
      await withDb(engine, async ({ db }) => {
        const finished: JobFinished[] = [];
        const r = runner(db, { onJobFinished: (e) => finished.push(e), workerId: 'w1' });
        const seen: Array<{ payload: unknown; ctx: JobContext }> = [];
        r.register<{ storyId: string }>('render', async (payload, ctx) => {
          seen.push({ payload, ctx });
        });
        const { id, created } = await enqueue(db, 'render', { storyId: 's1' }, { centerId: 'c1' });
        assert.equal(created, true);

        assert.equal(await r.runDue(), 1);
        assert.equal(seen.length, 1);
        assert.deepEqual(seen[0]!.payload, { storyId: 's1' });
        assert.equal(seen[0]!.ctx.jobId, id);
        assert.equal(seen[0]!.ctx.name, 'render');
        assert.equal(seen[0]!.ctx.attempt, 1);
        assert.equal(seen[0]!.ctx.centerId, 'c1');

        const job = await getJob(db, id);
        assert.equal(job?.status, 'done');
        assert.equal(job?.attempts, 1);
        assert.equal(job?.lockedBy, null);
        assert.ok(job?.finishedAt);
        assert.equal(await r.runDue(), 0, 'a done job is not run again');
        assert.deepEqual(r.stats(), { render: { completed: 1, failed: 0, dead: 0 } });
        assert.deepEqual(finished.map((f) => [f.jobId, f.outcome, f.attempt]), [[id, 'completed', 1]]);
      });
    });

    test('a job with runAt in the future waits', async () => {
      await withDb(engine, async ({ db }) => {
        const r = runner(db);
        r.register('later', async () => {});
        await enqueue(db, 'later', null, { runAt: new Date(Date.now() + 3_600_000) });
        assert.equal(await r.runDue(), 0);
      });
    });

    test('a failed job is retried after its backoff, then succeeds', async () => {
      await withDb(engine, async ({ db }) => {
        const r = runner(db, { backoff: (attempt) => attempt * 60_000 });
        let calls = 0;
        r.register('flaky', async (_p, ctx) => {
          calls += 1;
          if (ctx.attempt === 1) throw new Error('upstream timed out');
        });
        const { id } = await enqueue(db, 'flaky', {});
        const before = Date.now();
        assert.equal(await r.runDue(), 1);
        const after = Date.now();

        let job = await getJob(db, id);
        assert.equal(job?.status, 'queued');
        assert.equal(job?.attempts, 1);
        assert.equal(job?.lastError, 'upstream timed out');
        const runAt = Date.parse(job!.runAt);
        assert.ok(runAt >= before + 60_000 && runAt <= after + 60_000, 'run_at = failure time + backoff(1)');
        assert.equal(await r.runDue(), 0, 'not due before its backoff');

        await db.updateTable('jobs').set({ run_at: new Date(Date.now() - 1000).toISOString() }).where('id', '=', id).execute();
        assert.equal(await r.runDue(), 1);
        job = await getJob(db, id);
        assert.equal(job?.status, 'done');
        assert.equal(job?.attempts, 2);
        assert.equal(calls, 2);
        assert.deepEqual(r.stats().flaky, { completed: 1, failed: 1, dead: 0 });
      });
    });

    test('a job that keeps failing is dead after maxAttempts, and retryJob queues it again', async () => {
      await withDb(engine, async ({ db }) => {
        const r = runner(db);
        let calls = 0;
        r.register('broken', async () => {
          calls += 1;
          throw new Error('x'.repeat(5000));
        });
        const { id } = await enqueue(db, 'broken', {}, { maxAttempts: 3 });
        for (let i = 0; i < 3; i++) assert.equal(await r.runDue(), 1);
        assert.equal(await r.runDue(), 0, 'a dead job is not claimed');
        assert.equal(calls, 3);
        const job = await getJob(db, id);
        assert.equal(job?.status, 'dead');
        assert.equal(job?.attempts, 3);
        assert.ok(job!.lastError!.length <= 2000, 'last_error is truncated');
        assert.deepEqual(r.stats().broken, { completed: 0, failed: 2, dead: 1 });

        assert.equal(await retryJob(db, id), true);
        assert.equal(await retryJob(db, id), false, 'only a dead job can be retried');
        const again = await getJob(db, id);
        assert.equal(again?.status, 'queued');
        assert.equal(again?.attempts, 0);
        assert.equal(await r.runDue(), 1);
        assert.equal(calls, 4);
      });
    });

    test("the handler's registered maxAttempts overrides the enqueued one", async () => {
      await withDb(engine, async ({ db }) => {
        const r = runner(db);
        r.register('once-only', async () => Promise.reject(new Error('no')), { maxAttempts: 1 });
        const { id } = await enqueue(db, 'once-only', {});
        assert.equal(await r.runDue(), 1);
        const job = await getJob(db, id);
        assert.equal(job?.status, 'dead');
        assert.equal(job?.maxAttempts, 1);
      });
    });

    test('an idempotency key dedupes enqueue, also inside a transaction', async () => {
      await withDb(engine, async ({ db }) => {
        const a = await enqueue(db, 'mail', { to: 'a' }, { idempotencyKey: 'k1' });
        const b = await enqueue(db, 'mail', { to: 'b' }, { idempotencyKey: 'k1' });
        assert.deepEqual(b, { id: a.id, created: false });
        // On PostgreSQL a caught unique violation would abort the transaction: this one must commit.
        const c = await db.transaction().execute(async (tx) => {
          const dup = await enqueue(tx, 'mail', {}, { idempotencyKey: 'k1' });
          await enqueue(tx, 'mail', {}, { idempotencyKey: 'k2' });
          return dup;
        });
        assert.deepEqual(c, { id: a.id, created: false });
        assert.equal(await jobCount(db), 2);
        assert.deepEqual((await getJob(db, a.id))?.payload, { to: 'a' });
      });
    });

    test('a job enqueued in a rolled-back transaction does not exist', async () => {
      await withDb(engine, async ({ db }) => {
        await assert.rejects(
          db.transaction().execute(async (tx) => {
            await enqueue(tx, 'mail', {});
            throw new Error('the change failed');
          }),
        );
        assert.equal(await jobCount(db), 0);
      });
    });

    test('a job whose name has no handler here stays queued', async () => {
      await withDb(engine, async ({ db }) => {
        const r = runner(db);
        r.register('known', async () => {});
        const { id } = await enqueue(db, 'unknown', {});
        assert.equal(await r.runDue(), 0);
        const job = await getJob(db, id);
        assert.equal(job?.status, 'queued');
        assert.equal(job?.attempts, 0);
      });
    });

    test('runDue claims no more than the concurrency', async () => {
      await withDb(engine, async ({ db }) => {
        const r = runner(db, { concurrency: 3 });
        r.register('n', async () => {});
        for (let i = 0; i < 7; i++) await enqueue(db, 'n', { i });
        assert.deepEqual([await r.runDue(), await r.runDue(), await r.runDue(), await r.runDue()], [3, 3, 1, 0]);
      });
    });

    test('listJobs pages and filters; register refuses a second handler for a name', async () => {
      await withDb(engine, async ({ db }) => {
        for (let i = 0; i < 5; i++) await enqueue(db, 'a', { i });
        await enqueue(db, 'b', {});
        const page1 = await listJobs(db, { page: 1, pageSize: 2 });
        assert.equal(page1.total, 6);
        assert.equal(page1.items.length, 2);
        const onlyB = await listJobs(db, { name: 'b', page: 1, pageSize: 10 });
        assert.equal(onlyB.total, 1);
        assert.equal(onlyB.items[0]?.name, 'b');
        const queuedA = await listJobs(db, { name: 'a', status: 'queued', page: 3, pageSize: 2 });
        assert.equal(queuedA.total, 5);
        assert.equal(queuedA.items.length, 1);
        assert.equal((await listJobs(db, { status: 'dead', page: 1, pageSize: 10 })).total, 0);

        const r = runner(db);
        r.register('a', async () => {});
        assert.throws(() => r.register('a', async () => {}), /registered already/);
      });
    });
    test('a nudge that comes while the runner is polling is not lost: it polls again at once', async () => {
      await withDb(engine, async ({ db }) => {
        // A poll a minute apart: only the nudge can make the job run within the wait below.
        const r = runner(db, { pollMs: 60_000 });
        const ran: string[] = [];
        r.register('urgent', async () => {
          ran.push('urgent');
        });
        // Hold the first poll's claim open, so the nudge lands while it polls.
        const realClaim = (r as unknown as { claim(): Promise<unknown[]> }).claim.bind(r);
        let release: () => void = () => {};
        let holding = false;
        (r as unknown as { claim(): Promise<unknown[]> }).claim = async () => {
          if (!holding) {
            holding = true;
            const rows = await realClaim();
            await new Promise<void>((resolve) => (release = resolve));
            return rows;
          }
          return realClaim();
        };
        r.start();
        try {
          await until('the first poll is claiming', () => holding);
          await enqueue(db, 'urgent', {});
          r.nudge();
          release();
          await until('the nudged job ran', () => ran.length === 1, 5000);
        } finally {
          await r.stop();
        }
      });
    });
  });
}
