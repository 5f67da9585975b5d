import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { freshDb, testEngines, type TestDb } from '../../../test/helpers/engines.ts';
import { recordAudit, verifyAuditChain } from './index.ts';

async function seed(t: TestDb, centerId: string, n: number) {
  for (let i = 0; i < n; i++) {
    await t.db.transaction().execute((tx) =>
      recordAudit(tx, { centerId, actor: { id: 'u1', name: 'editor' }, action: 'test.thing.update', subjectType: 'thing', subjectId: `t${i}`, detail: { i, text: '应急广播' } }),
    );
  }
}

/** Plays a database administrator who removes the append-only guard first. */
async function dropGuards(t: TestDb) {
  if (t.engine === 'postgres') await sql`DROP TRIGGER audit_log_no_update ON audit_log`.execute(t.db);
  else {
    await sql`DROP TRIGGER audit_log_no_update`.execute(t.db);
    await sql`DROP TRIGGER audit_log_no_delete`.execute(t.db);
  }
}

for (const engine of testEngines()) {
  describe(`audit chain (${engine})`, () => {
    let t: TestDb;
    before(async () => {
      t = await freshDb(engine);
    });
    after(() => t.dispose());

    test('an untouched chain verifies, per center', async () => {
      await seed(t, 'c1', 5);
      await seed(t, 'c2', 3);
      const r = await verifyAuditChain(t.db);
      assert.deepEqual(r, { ok: true, checked: 8, problems: [] });
      const seqs = await t.db.selectFrom('audit_log').select('seq').where('center_id', '=', 'c1').orderBy('seq').execute();
      assert.deepEqual(seqs.map((s) => Number(s.seq)), [1, 2, 3, 4, 5]);
    });

    test('the database refuses UPDATE and DELETE on the audit log', async () => {
      await assert.rejects(t.db.updateTable('audit_log').set({ action: 'x' }).where('center_id', '=', 'c1').execute(), /append-only/);
      await assert.rejects(t.db.deleteFrom('audit_log').where('center_id', '=', 'c1').execute(), /append-only/);
    });

    test('concurrent appends keep one unbroken chain', async () => {
      await Promise.all(Array.from({ length: 20 }, (_, i) => seed(t, 'c3', 1).then(() => i)));
      const r = await verifyAuditChain(t.db, 'c3');
      assert.equal(r.ok, true, JSON.stringify(r.problems));
      assert.equal(r.checked, 20);
    });

    test('an edited, a deleted and a removed-tail row are each detected', async () => {
      await dropGuards(t);
      await t.db.updateTable('audit_log').set({ detail: '{"i":2,"text":"改过的"}' }).where('center_id', '=', 'c1').where('seq', '=', 2).execute();
      let r = await verifyAuditChain(t.db, 'c1');
      assert.equal(r.ok, false);
      assert.ok(r.problems.some((p) => p.seq === 2 && /edited/.test(p.problem)), JSON.stringify(r.problems));

      await t.db.deleteFrom('audit_log').where('center_id', '=', 'c2').where('seq', '=', 2).execute();
      r = await verifyAuditChain(t.db, 'c2');
      assert.ok(r.problems.some((p) => /missing/.test(p.problem)), JSON.stringify(r.problems));

      await t.db.deleteFrom('audit_log').where('center_id', '=', 'c3').where('seq', '=', 20).execute();
      r = await verifyAuditChain(t.db, 'c3');
      assert.ok(r.problems.some((p) => /head/.test(p.problem)), JSON.stringify(r.problems));
    });
  });
}
