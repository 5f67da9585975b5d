/**
 * Manuscript search on every engine at hand: Chinese words inside long texts,
 * ranking, phrases, exclusion, tenant isolation, visibility, re-indexing, removal,
 * hostile queries and snippet offsets.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { freshDb, testEngines, type TestDb } from '../../../../test/helpers/engines.ts';
import { foldText } from './segment.ts';
import { indexManuscript, reindexAll, removeFromIndex, searchManuscripts, type SearchInput, type SearchResult } from './search.service.ts';
import { addCenter, addManuscript, addResidentAccount } from './testing.ts';
import { withSearchTables } from './tables.ts';

const FILLER = '今天上午，市里召开会议，部署下一阶段的重点工作，要求各部门认真落实，确保各项任务按时完成。';
const long = (inner: string, repeat = 40) => `<p>${FILLER.repeat(repeat)}</p><p>${inner}</p><p>${FILLER.repeat(repeat)}</p>`;

for (const engine of testEngines()) {
  describe(`manuscript search (${engine})`, () => {
    let t: TestDb;
    let center: string;
    let other: string;
    const ids: Record<string, string> = {};
    const all = { all: true };
    const search = (query: string, extra: Partial<SearchInput> = {}): Promise<SearchResult> =>
      searchManuscripts(t.db, { centerId: center, query, visibility: all, page: 1, pageSize: 50, ...extra });
    const idsOf = (r: SearchResult) => new Set(r.items.map((i) => i.id));

    before(async () => {
      t = await freshDb(engine);
      center = await addCenter(t.db);
      other = await addCenter(t.db);
      ids.lechangCity = await addManuscript(t.db, { centerId: center, title: '秋收时节忙', bodyHtml: long('乐昌市坪石镇的村民正在收割水稻。') });
      ids.broadcast = await addManuscript(t.db, { centerId: center, title: '设备更新', bodyHtml: long('全市应急广播系统完成升级，覆盖所有行政村。') });
      ids.titleHit = await addManuscript(t.db, { centerId: center, title: '九峰镇举办柰李节', bodyHtml: '<p>游客络绎不绝。</p>' });
      ids.bodyHit = await addManuscript(t.db, { centerId: center, title: '周末游玩好去处', bodyHtml: long('不少游客前往九峰镇赏花。', 3) });
      ids.rain = await addManuscript(t.db, { centerId: center, title: '乐昌暴雨预警', bodyHtml: '<p>乐昌市气象台发布暴雨黄色预警。</p>' });
      ids.apart = await addManuscript(t.db, { centerId: center, title: '两地消息', bodyHtml: '<p>坪石镇开展义诊。另据报道，乐昌市举行运动会。</p>' });
      ids.otherCenter = await addManuscript(t.db, { centerId: other, title: '乐昌市坪石镇应急广播', bodyHtml: '<p>乐昌市坪石镇九峰镇</p>' });
    });
    after(async () => t.dispose());

    it('finds a word inside a longer word in a long text: 乐昌 → 乐昌市, 应急广播 → 应急广播系统', async () => {
      assert.ok(idsOf(await search('乐昌')).has(ids.lechangCity!));
      assert.ok(idsOf(await search('应急广播')).has(ids.broadcast!));
      assert.ok(idsOf(await search('广播系统')).has(ids.broadcast!));
      assert.ok(idsOf(await search('坪石')).has(ids.lechangCity!));
      assert.equal((await search('柰李节')).items[0]?.id, ids.titleHit);
    });

    it('ranks a title hit above a body hit', async () => {
      const r = await search('九峰镇');
      assert.deepEqual(r.items.map((i) => i.id), [ids.titleHit, ids.bodyHit]);
      assert.ok(r.items[0]!.score > r.items[1]!.score);
    });

    it('matches a quoted phrase only where its words stand together', async () => {
      const phrase = idsOf(await search('"乐昌市坪石镇"'));
      assert.ok(phrase.has(ids.lechangCity!));
      assert.ok(!phrase.has(ids.apart!));
      assert.ok(idsOf(await search('“乐昌市 坪石镇”')).has(ids.lechangCity!), 'Chinese quotes, a space inside');
      const across = await addManuscript(t.db, { centerId: center, title: '新闻发布在乐昌市', bodyHtml: '<p>坪石镇的消息随后公布。</p>' });
      assert.ok(!idsOf(await search('"乐昌市坪石镇"')).has(across), 'a phrase never runs from the title into the body');
      const words = idsOf(await search('乐昌市 坪石镇'));
      assert.ok(words.has(ids.lechangCity!) && words.has(ids.apart!), 'unquoted: both words anywhere');
    });

    it('leaves out excluded words and phrases', async () => {
      const r = idsOf(await search('乐昌 -暴雨'));
      assert.ok(r.has(ids.lechangCity!) && !r.has(ids.rain!));
      assert.ok(!idsOf(await search('乐昌 -"黄色预警"')).has(ids.rain!));
      assert.equal((await search('-乐昌')).total, 0, 'only exclusions: nothing to look for');
    });

    it('never shows another center\'s manuscripts', async () => {
      for (const q of ['乐昌', '坪石镇', '应急广播', '九峰镇']) assert.ok(!idsOf(await search(q)).has(ids.otherCenter!), q);
      const theirs = await searchManuscripts(t.db, { centerId: other, query: '乐昌', visibility: all, page: 1, pageSize: 50 });
      assert.deepEqual([...idsOf(theirs)], [ids.otherCenter]);
    });

    it('shows resident staff only their own and their resident account\'s manuscripts', async () => {
      const account = await addResidentAccount(t.db, center);
      const mine = await addManuscript(t.db, { centerId: center, title: '廊田镇新闻一', authorId: 'resident-1', residentAccountId: account });
      const colleague = await addManuscript(t.db, { centerId: center, title: '廊田镇新闻二', authorId: 'resident-2', residentAccountId: account });
      const stranger = await addManuscript(t.db, { centerId: center, title: '廊田镇新闻三', authorId: 'editor-9' });
      const asResident = idsOf(await search('廊田镇', { visibility: { all: false, authorId: 'resident-1', residentAccountId: account } }));
      assert.deepEqual(asResident, new Set([mine, colleague]));
      const alone = idsOf(await search('廊田镇', { visibility: { all: false, authorId: 'resident-1', residentAccountId: null } }));
      assert.deepEqual(alone, new Set([mine]));
      assert.ok(idsOf(await search('廊田镇')).has(stranger));
      assert.equal((await search('廊田镇', { visibility: { all: false } })).total, 0);
    });

    it('filters by status and pages with a stable total', async () => {
      const published = await addManuscript(t.db, { centerId: center, title: '黄圃镇消息', status: 'published' });
      await addManuscript(t.db, { centerId: center, title: '黄圃镇简讯', status: 'draft' });
      assert.deepEqual([...idsOf(await search('黄圃镇', { status: 'published' }))], [published]);
      const p1 = await search('黄圃镇', { pageSize: 1, page: 1 });
      const p2 = await search('黄圃镇', { pageSize: 1, page: 2 });
      assert.equal(p1.total, 2);
      assert.equal(p2.total, 2);
      assert.notEqual(p1.items[0]!.id, p2.items[0]!.id);
    });

    it('still finds the few visible matches behind hundreds of better-ranked hidden ones, and pages without gaps', async () => {
      const rivals = [];
      for (let i = 0; i < 260; i++) rivals.push(addManuscript(t.db, { centerId: center, title: `云岩镇要闻${i}`, authorId: 'editor-2' }));
      for (let i = 0; i < 30; i++) rivals.push(addManuscript(t.db, { centerId: other, title: `云岩镇外地${i}` }));
      await Promise.all(rivals);
      const mine = await addManuscript(t.db, { centerId: center, title: '村道修好了', bodyHtml: '<p>云岩镇某村。</p>', authorId: 'resident-7' });
      const r = await search('云岩镇', { visibility: { all: false, authorId: 'resident-7' } });
      assert.deepEqual(r.items.map((i) => i.id), [mine]);
      assert.equal(r.total, 1);
      const seen = new Set<string>();
      for (let page = 1; page <= 6; page++) {
        const p = await search('云岩镇', { page, pageSize: 50 });
        assert.equal(p.total, 261);
        p.items.forEach((i) => seen.add(i.id));
      }
      assert.equal(seen.size, 261);
      assert.ok(seen.has(mine));
    });

    it('replaces the old words when a manuscript is indexed again, and forgets a removed one', async () => {
      const id = await addManuscript(t.db, { centerId: center, title: '白石镇修路', bodyHtml: '<p>道路硬化工程开工。</p>' });
      assert.ok(idsOf(await search('硬化')).has(id));
      await indexManuscript(t.db, { centerId: center, id, title: '白石镇修桥', summary: '', bodyHtml: '<p>新桥合龙。</p>', status: 'draft', updatedAt: new Date().toISOString() });
      assert.ok(!idsOf(await search('硬化')).has(id));
      assert.ok(!idsOf(await search('修路')).has(id));
      assert.ok(idsOf(await search('合龙')).has(id));
      await removeFromIndex(t.db, center, id);
      assert.ok(!idsOf(await search('合龙')).has(id));
      assert.ok(!idsOf(await search('白石镇')).has(id));
    });

    it('does not let one center overwrite another center\'s index row', async () => {
      await assert.rejects(indexManuscript(t.db, { centerId: center, id: ids.otherCenter!, title: '篡改', summary: '', bodyHtml: '', status: 'draft', updatedAt: '2026-01-01T00:00:00.000Z' }));
      const theirs = await searchManuscripts(t.db, { centerId: other, query: '乐昌', visibility: all, page: 1, pageSize: 5 });
      assert.equal(theirs.items[0]?.title, '乐昌市坪石镇应急广播');
    });

    it('never throws on hostile or odd queries', async () => {
      const queries = ['', ' ', '"', '\'', '*', 'NEAR(', 'NEAR(乐昌 坪石, 2)', 'OR', 'AND', 'NOT', '-', '--', '- -', '"a" OR', '乐昌 OR', '乐昌"', '"乐昌',
        'title:乐昌', '{title}: 乐昌', '^乐昌', '乐昌*', '(乐昌', '乐昌)', '\\', '\'; DROP TABLE manuscripts; --', '!乐昌', '乐昌 & 坪石 | !x', '<->', ':*',
        '\u0000', '😀', '\u0301', '乐昌 \u0301', '乐昌 -\u0301', '乐昌 "\u0301"', '①②', 'ภาษาไทย', '\u200d', '\ud800', 'ǅ', '乐'.repeat(1000), '乐昌 '.repeat(200), '"'.repeat(1000), 'ＮＥＡＲ（乐昌）'];
      for (const q of queries) {
        const r = await search(q);
        assert.ok(Array.isArray(r.items) && Number.isInteger(r.total), JSON.stringify(q.slice(0, 20)));
      }
      assert.equal((await search('NEAR(乐昌')).total, 0, 'NEAR is a word like any other (found nowhere), ( is punctuation');
      assert.ok(idsOf(await search('(乐昌')).has(ids.rain!));
    });

    it('returns snippets and title highlights whose offsets mark the matched words (UTF-16)', async () => {
      const id = await addManuscript(t.db, {
        centerId: center, title: '𠀋字与 Café：两江镇', summary: '摘要里有𠀋字😀和两江镇。', bodyHtml: long('😀两江镇的龙舟赛吸引了众多游客，两江镇热闹非凡。CAFÉ 开业。', 5),
      });
      const r = await search('两江镇 café');
      const item = r.items.find((i) => i.id === id);
      assert.ok(item);
      assert.ok(item.snippet.highlights.length >= 2);
      for (const [s, e] of item.snippet.highlights) assert.match(foldText(item.snippet.text.slice(s, e)), /^(两江镇|café|两江)$/);
      assert.deepEqual(item.titleHighlights.map(([s, e]) => item.title.slice(s, e)), ['Café', '两江镇']);
      assert.ok(!/<|>/.test(item.snippet.text), 'text, not HTML');
    });

    it('indexes any text: control characters, lone surrogates, a body longer than the indexed part', async () => {
      const tail = '独一无二的结尾词语';
      const id = await addManuscript(t.db, { centerId: center, title: '奇怪标题' });
      await indexManuscript(t.db, {
        centerId: center, id, title: '奇\u0000怪\ud800标题 秀水镇', summary: '\u0007摘要', status: 'draft', updatedAt: new Date().toISOString(),
        bodyHtml: `<p>秀水镇\u0000\ud83d 😀 ${'长篇内容。'.repeat(25_000)}</p><p>${tail}</p>`,
      });
      assert.ok(idsOf(await search('秀水镇')).has(id));
      assert.equal((await search(tail)).total, 0, 'text after MAX_INDEXED_CHARS is not indexed');
      // As many distinct words as fit: the tsvector must stay under PostgreSQL's 1 MB.
      const numbers = await addManuscript(t.db, { centerId: center, title: '数字', bodyHtml: `<p>${Array.from({ length: 40_000 }, (_, i) => `n${i}`).join(' ')}</p>` });
      assert.deepEqual([...idsOf(await search('n12345'))], [numbers]);
    });

    it('rebuilds the index from the current versions (reindexAll)', async () => {
      const sdb = withSearchTables(t.db);
      await sdb.deleteFrom('manuscript_search').execute();
      assert.equal((await search('乐昌')).total, 0);
      const { indexed } = await reindexAll(t.db, { batchSize: 3 });
      const count = await t.db.selectFrom('manuscripts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      assert.equal(indexed, Number(count.n));
      assert.ok(idsOf(await search('乐昌')).has(ids.lechangCity!));
      assert.ok(!idsOf(await search('乐昌')).has(ids.otherCenter!));
    });
  });
}
