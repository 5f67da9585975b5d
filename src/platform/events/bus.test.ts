import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { testEngines } from '../../../test/helpers/engines.ts';
import { waitFor, withDb } from '../../../test/fixtures/jobs/util.ts';
import { locationEnv, openFromEnv } from '../../../test/fixtures/jobs/location.ts';
import type { Db } from '../db/index.ts';
import { JobRunner, type JobContext } from '../jobs/index.ts';
import { emit, EventBus, type DomainEvent } from './index.ts';

async function jobsByName(db: Db): Promise<Record<string, number>> {
  const rows = await db.selectFrom('jobs').select('name').execute();
  const out: Record<string, number> = {};
  for (const r of rows) out[r.name] = (out[r.name] ?? 0) + 1;
  return out;
}

async function undispatched(db: Db): Promise<number> {
  return (await db.selectFrom('outbox').select('id').where('dispatched_at', 'is', null).execute()).length;
}

function busWithSubscribers(): EventBus {
  const bus = new EventBus();
  bus.subscribe('story.published', 'render', async () => {});
  bus.subscribe('story.published', 'notify', async () => {});
  bus.subscribe('story.deleted', 'render', async () => {});
  return bus;
}

for (const engine of testEngines()) {
  describe(`events on ${engine}`, () => {
    test('an event emitted in a rolled-back transaction is not recorded', async () => {
      await withDb(engine, async ({ db }) => {
        await assert.rejects(
          db.transaction().execute(async (tx) => {
            await emit(tx, { centerId: 'c1', type: 'story.published', payload: {} });
            throw new Error('the change failed');
          }),
        );
        assert.equal((await db.selectFrom('outbox').select('id').execute()).length, 0);
      });
    });

    test('the relay fans each event out to its subscribers once, however often it runs', async () => {
      await withDb(engine, async ({ db }) => {
        const bus = busWithSubscribers();
        await db.transaction().execute(async (tx) => {
          await emit(tx, { centerId: 'c1', type: 'story.published', payload: { id: 1 } });
          await emit(tx, { centerId: 'c1', type: 'story.published', payload: { id: 2 } });
          await emit(tx, { centerId: 'c1', type: 'story.deleted', payload: { id: 3 } });
          await emit(tx, { centerId: null, type: 'nobody.listens', payload: null });
        });
        assert.equal(await bus.relay(db), 4);
        assert.deepEqual(await jobsByName(db), { 'event:render': 3, 'event:notify': 2 });
        assert.equal(await undispatched(db), 0);

        assert.equal(await bus.relay(db), 0, 'nothing left to relay');
        // As if the jobs had committed but the dispatched marks were lost.
        await db.updateTable('outbox').set({ dispatched_at: null }).execute();
        assert.equal(await bus.relay(db), 4);
        assert.deepEqual(await jobsByName(db), { 'event:render': 3, 'event:notify': 2 }, 'no delivery doubled');
      });
    });

    test('the relay moves at most one batch per call', async () => {
      await withDb(engine, async ({ db }) => {
        const bus = new EventBus({ batchSize: 2 });
        bus.subscribe('e', 's', async () => {});
        for (let i = 0; i < 5; i++) await emit(db, { centerId: null, type: 'e', payload: i });
        assert.deepEqual([await bus.relay(db), await bus.relay(db), await bus.relay(db), await bus.relay(db)], [2, 2, 1, 0]);
        assert.deepEqual(await jobsByName(db), { 'event:s': 5 });
      });
    });

    test('attached subscribers receive the event through the job runner', async () => {
      await withDb(engine, async ({ db }) => {
        const bus = new EventBus();
        const got: Array<{ sub: string; event: DomainEvent<{ title: string }>; ctx: JobContext }> = [];
        bus.subscribe<{ title: string }>('story.published', 'render', async (event, ctx) => {
          got.push({ sub: 'render', event, ctx });
        });
        const runner = new JobRunner({ db, pollMs: 20, leaseSeconds: 30 });
        bus.attach(runner);
        // Subscribed after attach: registered on the runner too.
        bus.subscribe<{ title: string }>('story.published', 'notify', async (event, ctx) => {
          got.push({ sub: 'notify', event, ctx });
        });
        const eventId = await emit(db, { centerId: 'c1', type: 'story.published', payload: { title: '乐昌新闻' } });
        await bus.relay(db);
        assert.equal(await runner.runDue(), 2);
        assert.deepEqual(got.map((g) => g.sub).sort(), ['notify', 'render']);
        for (const g of got) {
          assert.equal(g.event.id, eventId);
          assert.equal(g.event.type, 'story.published');
          assert.equal(g.event.centerId, 'c1');
          assert.deepEqual(g.event.payload, { title: '乐昌新闻' });
          assert.equal(g.ctx.centerId, 'c1');
          assert.equal(g.ctx.name, `event:${g.sub}`);
        }
        assert.deepEqual(runner.stats(), {
          'event:render': { completed: 1, failed: 0, dead: 0 },
          'event:notify': { completed: 1, failed: 0, dead: 0 },
        });
      });
    });

    test('a failing subscriber is retried without touching the others', async () => {
      await withDb(engine, async ({ db }) => {
        const bus = new EventBus();
        let notifyCalls = 0;
        let renderCalls = 0;
        bus.subscribe('story.published', 'render', async () => {
          renderCalls += 1;
        });
        bus.subscribe('story.published', 'notify', async (_e, ctx) => {
          notifyCalls += 1;
          if (ctx.attempt === 1) throw new Error('SMS gateway down');
        });
        const runner = new JobRunner({ db, pollMs: 20, leaseSeconds: 30, backoff: () => 0 });
        bus.attach(runner);
        await emit(db, { centerId: null, type: 'story.published', payload: {} });
        await bus.relay(db);
        await runner.runDue();
        await runner.runDue();
        assert.equal(renderCalls, 1);
        assert.equal(notifyCalls, 2);
      });
    });

    test('start relays in the background until stop', async () => {
      await withDb(engine, async ({ db }) => {
        const bus = busWithSubscribers();
        bus.start(db, 20);
        try {
          await emit(db, { centerId: null, type: 'story.deleted', payload: {} });
          await waitFor('the relay loop', async () => (await undispatched(db)) === 0);
        } finally {
          await bus.stop();
        }
        assert.deepEqual(await jobsByName(db), { 'event:render': 1 });
        await emit(db, { centerId: null, type: 'story.deleted', payload: {} });
        assert.equal(await undispatched(db), 1, 'a stopped relay moves nothing');
      });
    });

    test('subscribing twice to one type with one subscriber name is refused', () => {
      const bus = new EventBus();
      bus.subscribe('a', 's', async () => {});
      assert.throws(() => bus.subscribe('a', 's', async () => {}), /already/);
    });

    if (engine === 'postgres') {
      // On SQLite one process keeps one connection; concurrent relays are a PostgreSQL matter.
      test('concurrent relays on separate connections neither lose nor double deliveries', async () => {
        await withDb(engine, async (t) => {
          const other = openFromEnv(locationEnv(t));
          try {
            const bus = busWithSubscribers();
            for (let i = 0; i < 40; i++) await emit(t.db, { centerId: null, type: 'story.published', payload: i });
            const batchBus = new EventBus({ batchSize: 7 });
            batchBus.subscribe('story.published', 'render', async () => {});
            batchBus.subscribe('story.published', 'notify', async () => {});
            const drain = async (db: Db, b: EventBus): Promise<number> => {
              let total = 0;
              for (let n = await b.relay(db); n > 0; n = await b.relay(db)) total += n;
              return total;
            };
            const [x, y] = await Promise.all([drain(t.db, bus), drain(other.db, batchBus)]);
            assert.equal(x + y, 40);
            assert.deepEqual(await jobsByName(t.db), { 'event:render': 40, 'event:notify': 40 });
          } finally {
            await other.close();
          }
        });
      });
    }
  });
}
