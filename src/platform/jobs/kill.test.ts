/**
 * The kill test: a worker process is SIGKILLed after its job's effect committed but
 * before the job was marked done. Another runner must re-run the job once the lease
 * expires, and the effect must exist exactly once.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { testEngines } from '../../../test/helpers/engines.ts';
import { waitFor, withDb } from '../../../test/fixtures/jobs/util.ts';
import { locationEnv } from '../../../test/fixtures/jobs/location.ts';
import { emit } from '../events/index.ts';
import type { Db } from '../db/index.ts';
import { enqueue, getJob, JobRunner } from './index.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const workerScript = path.join(root, 'test/fixtures/jobs/worker.ts');

function spawnWorker(env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', workerScript], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function effectRows(db: Db, jobId: string): Promise<{ keys: number; outbox: number }> {
  const keys = await db.selectFrom('job_effects').select('key').where('key', '=', `effect:${jobId}`).execute();
  const outbox = await db.selectFrom('outbox').select('id').where('type', '=', 'kill-test.effect').execute();
  return { keys: keys.length, outbox: outbox.length };
}

for (const engine of testEngines()) {
  describe(`kill test on ${engine}`, () => {
    test('a job whose worker is killed after its effect is re-run after the lease expires, and the effect happens once', async () => {
      await withDb(engine, async (t) => {
        const { id } = await enqueue(t.db, 'kill-test', {});
        const child = spawnWorker(locationEnv(t));
        const exited = once(child, 'exit');
        try {
          await waitFor('the child to record the effect', async () => (await effectRows(t.db, id)).keys === 1, 15_000);
          assert.equal((await getJob(t.db, id))?.lockedBy, 'kill-test-child');
        } finally {
          child.kill('SIGKILL');
          await exited;
        }
        assert.equal((await getJob(t.db, id))?.status, 'running', 'the dead worker left the job running');

        const runner = new JobRunner({ db: t.db, pollMs: 50, leaseSeconds: 1, workerId: 'parent' });
        const effectsRan: boolean[] = [];
        runner.register('kill-test', async (_p, ctx) => {
          const r = await ctx.once(`effect:${ctx.jobId}`, (tx) => emit(tx, { centerId: null, type: 'kill-test.effect', payload: { jobId: ctx.jobId } }));
          effectsRan.push(r.ran);
        });
        // Nothing to claim until the child's lease lapses; then the job runs here.
        await waitFor('the job to be re-run', async () => (await runner.runDue()) > 0, 10_000, 100);

        const job = await getJob(t.db, id);
        assert.equal(job?.status, 'done');
        assert.equal(job?.attempts, 2);
        assert.deepEqual(effectsRan, [false], 'the re-run skipped the effect');
        assert.deepEqual(await effectRows(t.db, id), { keys: 1, outbox: 1 });
      });
    });
  });
}
