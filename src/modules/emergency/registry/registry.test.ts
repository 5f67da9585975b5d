/**
 * The registry's services on every engine: the Lechang seed (counts, codes, idempotence),
 * the area tree's counts against a count by hand, status reports and dispatch lookups.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { freshDb, testEngines, type TestDb } from '../../../../test/helpers/engines.ts';
import { decodeEbrid } from '../ebm/ids.ts';
import { kindsOf } from './codes.ts';
import { listTerminalsInAreas, seedLechangResources, setResourceStatus } from './index.ts';
import { areaTree, summary } from './tree.service.ts';
import { addCenter, engineerCtx, ensureRegistrySchema } from './testing.ts';

for (const engine of testEngines()) {
  describe(`resource registry services (${engine})`, () => {
    let db: TestDb;
    let center: string;
    const rows = () => db.db.selectFrom('eb_resources').selectAll().where('center_id', '=', center).execute();

    before(async () => {
      db = await freshDb(engine);
      await ensureRegistrySchema(db.db);
      center = await addCenter(db.db, { areas: true });
    });
    after(() => db.dispose());

    it('seeds Lechang: 1 platform, 19 front-ends, 225 adapters, 1,582 terminals, 2,780 loudspeakers', async () => {
      const first = await seedLechangResources(db.db, center, { now: new Date('2026-03-01T00:00:00Z') });
      assert.deepEqual(first, { created: 1 + 19 + 225 + 1582 + 2780, existing: 0, skipped: 0 });
      const all = await rows();
      const count = (k: string) => all.filter((r) => r.kind === k).length;
      assert.deepEqual([count('platform'), count('frontend'), count('adapter'), count('terminal'), count('loudspeaker')], [1, 19, 225, 1582, 2780]);
      assert.ok(all.some((r) => r.kind === 'platform' && r.ebrid === '44402810000000101010101'));
      assert.ok(all.some((r) => r.physical_id === 'LC-T-000123'));
      const byId = new Map(all.map((r) => [r.id, r]));
      for (const r of all) {
        const parts = decodeEbrid(r.ebrid);
        assert.equal(parts.area, r.area_code, r.ebrid);
        assert.ok(kindsOf(parts).includes(r.kind as never), `${r.ebrid} is no ${r.kind}`);
        if (r.kind === 'loudspeaker') assert.equal(byId.get(r.parent_id!)?.kind, 'terminal');
        if (r.kind === 'terminal') assert.equal(byId.get(r.parent_id!)?.kind, 'adapter');
      }
      // Protocols alternate by town: the first town's terminals speak IP, the second's MQTT.
      const protocols = (town: string) => new Set(all.filter((r) => r.kind === 'terminal' && r.area_code.startsWith(town)).map((r) => r.protocol));
      assert.deepEqual([[...protocols('440281001')], [...protocols('440281102')]], [['ip'], ['mqtt']]);
    });

    it('is idempotent', async () => {
      const again = await seedLechangResources(db.db, center);
      assert.deepEqual(again, { created: 0, existing: 4607, skipped: 0 });
      assert.equal((await rows()).length, 4607);
    });

    it('counts terminals per area subtree as a count by hand does', async () => {
      const all = (await rows()).filter((r) => r.kind === 'terminal');
      const byHand = (prefix: string, status?: string) => all.filter((r) => r.area_code.startsWith(prefix) && (!status || r.status === status)).length;
      const ctx = engineerCtx(center);
      const roots = await areaTree(db.db, ctx, undefined);
      assert.deepEqual(roots.items.map((i) => [i.code, i.terminals.total, i.loudspeakers]), [['440281000000', 1582, 2780]]);
      const towns = await areaTree(db.db, ctx, '440281000000');
      assert.equal(towns.items.length, 19);
      assert.equal(towns.parent?.terminals.total, 1582);
      for (const t of towns.items) {
        const p = t.code.slice(0, 9);
        assert.deepEqual(t.terminals, { total: byHand(p), online: byHand(p, 'online'), playing: byHand(p, 'playing'), fault: byHand(p, 'fault'), offline: byHand(p, 'offline') }, t.code);
      }
      assert.equal(towns.items.reduce((n, t) => n + t.terminals.total, 0), 1582);
      const villages = await areaTree(db.db, ctx, '440281001000');
      for (const v of villages.items) assert.equal(v.terminals.total, byHand(v.code), v.code);
      const offline = byHand('', 'offline') / 1582;
      assert.ok(offline > 0.08 && offline < 0.18, `offline share ${offline}`);
    });

    it('keeps status_since on repeated reports and moves it on a change; late reports change nothing', async () => {
      const t = (await rows()).find((r) => r.kind === 'terminal' && r.status === 'online')!;
      const later = new Date('2026-03-01T01:00:00Z'); // after the seed's time: newer than every report
      const same = await setResourceStatus(db.db, center, t.ebrid, 'online', later);
      assert.deepEqual([same?.changed, same?.statusSince, same?.lastSeenAt], [false, t.status_since, later.toISOString()]);
      const playAt = new Date(later.getTime() + 5_000);
      const playing = await setResourceStatus(db.db, center, t.ebrid, 'playing', playAt);
      assert.deepEqual([playing?.changed, playing?.previous, playing?.statusSince], [true, 'online', playAt.toISOString()]);
      const late = await setResourceStatus(db.db, center, t.ebrid, 'fault', later);
      assert.deepEqual([late?.changed, late?.status, late?.lastSeenAt], [false, 'playing', playAt.toISOString()]);
      const off = await setResourceStatus(db.db, center, t.ebrid, 'offline', new Date(playAt.getTime() + 300_000));
      assert.deepEqual([off?.changed, off?.lastSeenAt], [true, playAt.toISOString()], 'a watchdog\'s offline hears nothing');
      const events = await db.db.selectFrom('outbox').select('payload').where('type', '=', 'eb.resource.status_changed').execute();
      assert.equal(events.length, 2);
      assert.equal(await setResourceStatus(db.db, center, '64402810010010314010499', 'online', new Date()), null);
      const s = await summary(db.db, engineerCtx(center));
      assert.equal(s.byKind.terminal.playing, 0);
      assert.equal(s.byStatus.total, 4607);
    });

    it('finds the terminals of a broadcast\'s areas, and nothing of another center', async () => {
      const town = await listTerminalsInAreas(db.db, center, ['440281001000']);
      const all = (await rows()).filter((r) => r.kind === 'terminal');
      assert.equal(town.length, all.filter((r) => r.area_code.startsWith('440281001')).length);
      const two = await listTerminalsInAreas(db.db, center, ['440281001001', '440281102201', '440281001001']);
      assert.equal(two.length, all.filter((r) => r.area_code === '440281001001' || r.area_code === '440281102201').length);
      assert.equal((await listTerminalsInAreas(db.db, center, ['440281000000'])).length, 1582);
      const other = await addCenter(db.db, { areas: true });
      assert.equal((await listTerminalsInAreas(db.db, other, ['440281000000'])).length, 0);
      await assert.rejects(listTerminalsInAreas(db.db, center, ['4402']), /expected 12 digits/);
    });
  });
}
