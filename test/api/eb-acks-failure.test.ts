/**
 * Acks when the database refuses them. A terminal sends its ack once: a batch the
 * database fails (here a real error raised by the database itself, from a trigger the
 * test switches on and off) must be kept and applied when the database works again,
 * newest ack winning, and acks arriving meanwhile must join it, not overtake it.
 * Past the memory bound, new acks are refused at once instead of piling up. Acks held
 * while dispatch writes their deliveries wait, and quiet() tells when a burst is over.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { testApp, type TestApp } from '../helpers/app.ts';
import { testEngines } from '../helpers/engines.ts';
import { registerTerminals } from '../helpers/eb.ts';
import { until } from '../helpers/wait.ts';
import { AckBatcher, AckBacklogFull } from '../../src/modules/emergency/dispatch/acks.ts';
import { parseAreaCode } from '../../src/modules/emergency/ebm/index.ts';
import { ebridFor } from '../../src/modules/emergency/registry/codes.ts';

const VILLAGE = '440281102201';
const EBMID = '14402810000000000000000120261129000001';

for (const engine of testEngines()) {
  describe(`acks when the database fails (${engine})`, () => {
    let t: TestApp;
    let centerId: string;
    const terminals = [0, 1, 2].map((i) => ebridFor('terminal', parseAreaCode(VILLAGE), i));

    /** Makes every UPDATE of eb_deliveries fail inside the database while `ack_outage` has a row. */
    async function installOutageSwitch(): Promise<void> {
      const db = t.db.db;
      await sql`CREATE TABLE ack_outage (id integer)`.execute(db);
      if (engine === 'postgres') {
        await sql`CREATE FUNCTION ack_outage_fail() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN IF EXISTS (SELECT 1 FROM ack_outage) THEN RAISE EXCEPTION 'simulated outage: deliveries unwritable'; END IF; RETURN NEW; END $$`.execute(db);
        await sql`CREATE TRIGGER ack_outage BEFORE UPDATE ON eb_deliveries FOR EACH ROW EXECUTE FUNCTION ack_outage_fail()`.execute(db);
      } else {
        await sql`CREATE TRIGGER ack_outage BEFORE UPDATE ON eb_deliveries WHEN EXISTS (SELECT 1 FROM ack_outage)
          BEGIN SELECT RAISE(ABORT, 'simulated outage: deliveries unwritable'); END`.execute(db);
      }
    }
    const outage = (on: boolean) => (on ? sql`INSERT INTO ack_outage (id) VALUES (1)` : sql`DELETE FROM ack_outage`).execute(t.db.db);
    const states = async () => (await t.db.db.selectFrom('eb_deliveries').select(['ebrid', 'state']).where('center_id', '=', centerId).orderBy('ebrid').execute()).map((r) => r.state);

    before(async () => {
      t = await testApp(engine);
      centerId = await t.center('acksfail');
      const author = await t.user(centerId, ['eb_operator']);
      const now = new Date().toISOString();
      const broadcastId = randomUUID();
      await t.db.db.insertInto('eb_broadcasts').values({
        id: broadcastId, center_id: centerId, ebmid: EBMID, msg_type: 1, event_type: '10101', severity: 3, title: '暴雨', text: '暴雨预警',
        area_codes: JSON.stringify([VILLAGE]), start_at: now, end_at: new Date(Date.now() + 3600_000).toISOString(), audio: null, status: 'approved',
        author_id: author.id, approver_id: null, approved_at: now, decision_note: null, related_ebmid: null, ebdid: null, ebd_xml: null, signature_xml: null,
        cancel_ebmid: null, cancel_ebd_xml: null, cancel_signature_xml: null, cancelled_at: null, created_at: now, updated_at: now, cancelled_by: null, cancel_reason: null,
      }).execute();
      for (const { id: terminalId, ebrid } of await registerTerminals(t, centerId, { area: VILLAGE, ebrids: terminals })) {
        await t.db.db.insertInto('eb_deliveries').values({
          id: `${broadcastId}:${terminalId}`, center_id: centerId, broadcast_id: broadcastId, terminal_id: terminalId, ebrid, area_code: VILLAGE,
          state: 'sent', attempts: 1, sent_at: now, acked_at: null, playing_at: null, stopped_at: null, last_error: null, created_at: now, updated_at: now,
        }).execute();
      }
      await installOutageSwitch();
    });

    after(async () => {
      await t?.close();
    });

    test('a batch the database refuses is kept, retried with backoff, and applied once it works again', async () => {
      const warnings: string[] = [];
      const logger = { warn: (_o: unknown, m: string) => warnings.push(m), info: () => undefined, error: () => undefined } as never;
      const acks = new AckBatcher(t.db.db, { delayMs: 5, logger });
      await outage(true);
      const at = (s: number) => new Date(Date.now() + s * 1000).toISOString();
      const first = acks.push(centerId, { ebrid: terminals[0]!, ack: { ebmid: EBMID, state: 'playing', at: at(0) } });
      const second = acks.push(centerId, { ebrid: terminals[1]!, ack: { ebmid: EBMID, state: 'playing', at: at(0) } });
      let applied = 0;
      void Promise.all([first, second]).then(() => { applied += 2; }, () => undefined);
      await until('the database refused the batch twice (a retry happened)', () => warnings.length >= 2);
      assert.ok(warnings.every((w) => /kept for a retry/.test(w)));
      assert.equal(acks.waiting, 2, 'both acks are still held');
      assert.deepEqual(await states(), ['sent', 'sent', 'sent'], 'nothing was written during the outage');
      // Acks arriving during the outage join the kept batch; the newest of a terminal wins.
      const later = acks.push(centerId, { ebrid: terminals[0]!, ack: { ebmid: EBMID, state: 'stopped', at: at(1) } });
      const third = acks.push(centerId, { ebrid: terminals[2]!, ack: { ebmid: EBMID, state: 'playing', at: at(1) } });
      assert.equal(acks.waiting, 4);
      await outage(false);
      await Promise.all([first, second, later, third]);
      assert.equal(applied, 2, 'the first two pushes resolved only once applied');
      assert.deepEqual(await states(), ['stopped', 'playing', 'playing']);
      assert.equal(acks.waiting, 0);
    });

    test('past maxWaiting, a new ack is refused at once (bounded memory); the held ones survive', async () => {
      const acks = new AckBatcher(t.db.db, { delayMs: 5, maxWaiting: 2 });
      await outage(true);
      const held = [terminals[1]!, terminals[2]!].map((ebrid) => acks.push(centerId, { ebrid, ack: { ebmid: EBMID, state: 'stopped', at: new Date().toISOString() } }));
      await assert.rejects(acks.push(centerId, { ebrid: terminals[0]!, ack: { ebmid: EBMID, state: 'stopped', at: new Date().toISOString() } }), AckBacklogFull);
      await acks.flush();
      assert.equal(acks.waiting, 2);
      await outage(false);
      await Promise.all(held);
      assert.deepEqual(await states(), ['stopped', 'stopped', 'stopped']);
    });

    test('acks wait while held (their deliveries are being written), then go in once the burst pauses', async () => {
      await t.db.db.updateTable('eb_deliveries').set({ state: 'sent' }).where('center_id', '=', centerId).execute();
      const acks = new AckBatcher(t.db.db, { delayMs: 5, maxDelayMs: 60_000 });
      let release!: () => void;
      acks.hold(new Promise<void>((r) => (release = r)));
      assert.equal(acks.add(centerId, { ebrid: terminals[0]!, ack: { ebmid: EBMID, state: 'playing', at: new Date().toISOString() } }), true, 'taken without waiting');
      await new Promise((r) => setTimeout(r, 50));
      assert.deepEqual(await states(), ['sent', 'sent', 'sent'], 'nothing applied while held');
      release();
      await until('applied once released', async () => (await states())[0] === 'playing');

      // quiet(): resolves once no ack came for the quiet time, however long the burst lasts.
      const started = performance.now();
      const burst = setInterval(() => acks.add(centerId, { ebrid: terminals[1]!, ack: { ebmid: EBMID, state: 'playing', at: new Date().toISOString() } }), 10);
      setTimeout(() => clearInterval(burst), 150);
      await acks.quiet(40, 5_000);
      assert.ok(performance.now() - started >= 150, 'not before the burst ended');
      const idle = performance.now();
      await acks.quiet(40, 5_000);
      assert.ok(performance.now() - idle < 1_000, 'at once (after the quiet time) when no ack comes');
      await acks.flush();
      assert.deepEqual(await states(), ['playing', 'playing', 'sent']);
    });
  });
}
