import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { testEngines } from '../../../test/helpers/engines.ts';
import { gate, waitFor, withDb } from '../../../test/fixtures/jobs/util.ts';
import { locationEnv, openFromEnv } from '../../../test/fixtures/jobs/location.ts';
import { emit } from '../events/index.ts';
import type { Db } from '../db/index.ts';
import { enqueue, getJob, JobRunner } from './index.ts';

async function count(db: Db, table: 'outbox' | 'job_effects'): Promise<number> {
  const r = await db.selectFrom(table).select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

for (const engine of testEngines()) {
  describe(`job leases on ${engine}`, () => {
    test('a held lease keeps other runners off; an expired one lets them in, and the old holder is fenced out', async () => {
      await withDb(engine, async ({ db }) => {
        const held = gate();
        const a = new JobRunner({ db, pollMs: 20, leaseSeconds: 30, workerId: 'a' });
        a.register('slow', () => held.promise);
        const b = new JobRunner({ db, pollMs: 20, leaseSeconds: 30, workerId: 'b' });
        let bRuns = 0;
        b.register('slow', async () => {
          bRuns += 1;
        });
        const { id } = await enqueue(db, 'slow', {});
        const aRun = a.runDue();
        await waitFor('a to claim', async () => (await getJob(db, id))?.status === 'running');
        assert.equal(await b.runDue(), 0, 'the job is leased to a');

        // As if a had died: its lease lapses.
        await db.updateTable('jobs').set({ locked_until: new Date(Date.now() - 1000).toISOString() }).where('id', '=', id).execute();
        assert.equal(await b.runDue(), 1);
        assert.equal(bRuns, 1);
        held.open();
        assert.equal(await aRun, 1);

        const job = await getJob(db, id);
        assert.equal(job?.status, 'done');
        assert.equal(job?.attempts, 2);
        assert.deepEqual(a.stats(), {}, "a's late outcome was not recorded");
        assert.deepEqual(b.stats(), { slow: { completed: 1, failed: 0, dead: 0 } });
      });
    });

    test('a running handler renews its lease', async () => {
      await withDb(engine, async ({ db }) => {
        const held = gate();
        const r = new JobRunner({ db, pollMs: 20, leaseSeconds: 0.3 });
        r.register('long', () => held.promise);
        const { id } = await enqueue(db, 'long', {});
        const run = r.runDue();
        await waitFor('the claim', async () => (await getJob(db, id))?.status === 'running');
        const first = (await getJob(db, id))!.lockedUntil!;
        await waitFor('a heartbeat', async () => (await getJob(db, id))!.lockedUntil! > first);
        held.open();
        await run;
        assert.equal((await getJob(db, id))?.status, 'done');
      });
    });

    test('a job whose worker died on its last attempt is declared dead, not run again', async () => {
      await withDb(engine, async ({ db }) => {
        const r = new JobRunner({ db, pollMs: 20, leaseSeconds: 30 });
        let runs = 0;
        r.register('last', async () => {
          runs += 1;
        });
        const { id } = await enqueue(db, 'last', {}, { maxAttempts: 2 });
        const past = new Date(Date.now() - 1000).toISOString();
        await db.updateTable('jobs').set({ status: 'running', attempts: 2, locked_by: 'gone', locked_until: past }).where('id', '=', id).execute();
        assert.equal(await r.runDue(), 1);
        assert.equal(runs, 0);
        const job = await getJob(db, id);
        assert.equal(job?.status, 'dead');
        assert.match(job?.lastError ?? '', /lease expired/);
      });
    });

    test('two runners on separate connections never run the same job twice', async () => {
      await withDb(engine, async (t) => {
        const other = openFromEnv(locationEnv(t));
        try {
          const runs = new Map<string, number>();
          const handler = async (_p: unknown, ctx: { jobId: string }): Promise<void> => {
            runs.set(ctx.jobId, (runs.get(ctx.jobId) ?? 0) + 1);
            await sleep(2);
          };
          const ids: string[] = [];
          for (let i = 0; i < 50; i++) ids.push((await enqueue(t.db, 'race', { i })).id);
          const runners = [
            new JobRunner({ db: t.db, pollMs: 5, leaseSeconds: 30, workerId: 'r1' }),
            new JobRunner({ db: other.db, pollMs: 5, leaseSeconds: 30, workerId: 'r2' }),
          ];
          for (const r of runners) {
            r.register('race', handler);
            r.start();
          }
          try {
            await waitFor('all 50 jobs done', async () => {
              const left = await t.db.selectFrom('jobs').select('id').where('status', '!=', 'done').execute();
              return left.length === 0;
            }, 15_000);
          } finally {
            await Promise.all(runners.map((r) => r.stop()));
          }
          assert.equal(runs.size, 50);
          for (const id of ids) assert.equal(runs.get(id), 1, `job ${id} ran ${runs.get(id)} times`);
          const completed = runners.map((r) => r.stats().race?.completed ?? 0);
          assert.equal(completed[0]! + completed[1]!, 50);
        } finally {
          await other.close();
        }
      });
    });

    test('once runs its effect on the first run and skips it on the re-run', async () => {
      await withDb(engine, async ({ db }) => {
        const r = new JobRunner({ db, pollMs: 20, leaseSeconds: 30, backoff: () => 0 });
        const ran: boolean[] = [];
        r.register('publish', async (_p, ctx) => {
          const res = await ctx.once(`effect:${ctx.jobId}`, async (tx) => emit(tx, { centerId: null, type: 'story.published', payload: {} }));
          ran.push(res.ran);
          if (ctx.attempt === 1) throw new Error('crashed after the effect');
        });
        const { id } = await enqueue(db, 'publish', {});
        await r.runDue();
        await r.runDue();
        assert.deepEqual(ran, [true, false]);
        assert.equal((await getJob(db, id))?.status, 'done');
        assert.equal(await count(db, 'outbox'), 1);
        assert.equal(await count(db, 'job_effects'), 1);
      });
    });

    test('an effect that fails inside once is rolled back with its key, and runs again', async () => {
      await withDb(engine, async ({ db }) => {
        const r = new JobRunner({ db, pollMs: 20, leaseSeconds: 30, backoff: () => 0 });
        const ran: boolean[] = [];
        r.register('half', async (_p, ctx) => {
          const res = await ctx.once('effect:half', async (tx) => {
            await emit(tx, { centerId: null, type: 'half.done', payload: {} });
            if (ctx.attempt === 1) throw new Error('failed mid-effect');
            return 'ok';
          });
          ran.push(res.ran);
          assert.equal(res.value, 'ok');
        });
        await enqueue(db, 'half', {});
        await r.runDue();
        await r.runDue();
        assert.deepEqual(ran, [true]);
        assert.equal(await count(db, 'outbox'), 1);
        assert.equal(await count(db, 'job_effects'), 1);
      });
    });

    test('stop waits for running handlers, and aborts those that outlast its timeout', async () => {
      await withDb(engine, async ({ db }) => {
        const r = new JobRunner({ db, pollMs: 10, leaseSeconds: 30, backoff: () => 60_000 });
        const finishing = gate();
        const started = new Set<string>();
        r.register<{ hang: boolean }>('work', async (p, ctx) => {
          started.add(ctx.jobId);
          if (!p.hang) return finishing.promise;
          await new Promise<never>((_resolve, reject) => {
            ctx.signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
          });
        });
        const polite = await enqueue(db, 'work', { hang: false });
        r.start();
        await waitFor('the first job to start', () => started.has(polite.id));
        const stopped = r.stop();
        finishing.open();
        await stopped;
        assert.equal((await getJob(db, polite.id))?.status, 'done');

        const stubborn = await enqueue(db, 'work', { hang: true });
        r.start();
        await waitFor('the second job to start', () => started.has(stubborn.id));
        await r.stop(50);
        await waitFor('the aborted job to be requeued', async () => (await getJob(db, stubborn.id))?.status === 'queued');
        assert.equal((await getJob(db, stubborn.id))?.lastError, 'aborted');
      });
    });
  });
}
