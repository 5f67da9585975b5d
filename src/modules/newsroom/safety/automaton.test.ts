import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compile, type WordEntry, type WordMatch } from './automaton.ts';
import { foldText, unitFolder } from './alphabet.ts';
import { generateDictionary, generateText, randomInt, seededRandom } from './fixtures.ts';

const entries = (words: string[]): WordEntry[] => words.map((text, id) => ({ text, id }));

/** The matches as "start-end:word", sorted, for readable comparisons. */
function shown(text: string, matches: WordMatch[]): string[] {
  return matches.map((m) => `${m.start}-${m.end}:${text.slice(m.start, m.end)}`).sort();
}

/** A match as one sortable number (ids < 2^20, word lengths < 2^12). */
const matchKey = (start: number, end: number, id: number): number => (start * 4096 + (end - start)) * 2 ** 20 + id;

/** Reference finder: every occurrence of every word by repeated indexOf, as sorted keys. */
function naiveFind(text: string, words: readonly WordEntry[]): Float64Array {
  const out: number[] = [];
  for (const w of words) {
    for (let at = text.indexOf(w.text); at >= 0; at = text.indexOf(w.text, at + 1)) {
      out.push(matchKey(at, at + w.text.length, w.id));
    }
  }
  return Float64Array.from(out).sort();
}

const keyed = (matches: WordMatch[]): Float64Array => Float64Array.from(matches, (m) => matchKey(m.start, m.end, m.id)).sort();

test('reports overlapping and nested words: 应急广播, 广播, 急广, 应急', () => {
  const text = '县应急广播站';
  const found = compile(entries(['应急广播', '广播', '急广', '应急'])).findAll(text);
  assert.deepEqual(shown(text, found), ['1-3:应急', '1-5:应急广播', '2-4:急广', '3-5:广播']);
});

test('reports words in order of end, the longest first at the same end', () => {
  const found = compile(entries(['应急广播', '广播', '急广'])).findAll('应急广播');
  assert.deepEqual(found, [
    { start: 1, end: 3, id: 2 },
    { start: 0, end: 4, id: 0 },
    { start: 2, end: 4, id: 1 },
  ]);
});

test('finds a word at the very start and at the very end of the text', () => {
  const text = '广播今天检修广播';
  assert.deepEqual(shown(text, compile(entries(['广播'])).findAll(text)), ['0-2:广播', '6-8:广播']);
  assert.deepEqual(shown('广播', compile(entries(['广播'])).findAll('广播')), ['0-2:广播']);
});

test('finds every repetition, including self-overlapping ones', () => {
  const text = '哈哈哈哈';
  assert.deepEqual(shown(text, compile(entries(['哈哈'])).findAll(text)), ['0-2:哈哈', '1-3:哈哈', '2-4:哈哈']);
});

test('a word that is a prefix of another is reported alongside it', () => {
  const text = '乐昌市人民政府';
  const found = compile(entries(['乐昌', '乐昌市', '乐昌市人民政府'])).findAll(text);
  assert.deepEqual(shown(text, found), ['0-2:乐昌', '0-3:乐昌市', '0-7:乐昌市人民政府']);
});

test('offsets are UTF-16 code units: astral characters before a match count as two', () => {
  const text = '😀𠀀乐昌👍广播';
  const found = compile(entries(['乐昌', '广播'])).findAll(text);
  assert.deepEqual(found, [
    { start: 4, end: 6, id: 0 },
    { start: 8, end: 10, id: 1 },
  ]);
  for (const m of found) assert.ok(['乐昌', '广播'].includes(text.slice(m.start, m.end)));
});

test('matches words made of astral characters, never half a surrogate pair', () => {
  const text = '😀😁𠀀😀';
  const found = compile(entries(['😀', '😀😁', '𠀀'])).findAll(text);
  assert.deepEqual(shown(text, found), ['0-2:😀', '0-4:😀😁', '4-6:𠀀', '6-8:😀']);
  // Same high surrogate, different low one: 😁 must not match inside 😀.
  assert.deepEqual(compile(entries(['😁'])).findAll('😀'), []);
});

test('an empty dictionary matches nothing and an empty text has no matches', () => {
  const empty = compile([]);
  assert.deepEqual(empty.findAll('应急广播'), []);
  assert.equal(empty.test('应急广播'), false);
  assert.deepEqual(compile(entries(['广播'])).findAll(''), []);
});

test('an empty word is rejected', () => {
  assert.throws(() => compile(entries(['广播', ''])), /word 1 is empty/);
});

test('duplicate words report once per entry, with each id', () => {
  const found = compile([
    { text: '广播', id: 7 },
    { text: '广播', id: 3 },
  ]).findAll('广播');
  assert.deepEqual(found, [
    { start: 0, end: 2, id: 7 },
    { start: 0, end: 2, id: 3 },
  ]);
});

test('ids may be any safe integer', () => {
  assert.deepEqual(compile([{ text: 'ab', id: 2 ** 40 }]).findAll('ab'), [{ start: 0, end: 2, id: 2 ** 40 }]);
});

test('test() tells whether any word occurs', () => {
  const a = compile(entries(['应急广播']));
  assert.equal(a.test('今天的应急广播演练'), true);
  assert.equal(a.test('今天的应急演练'), false);
});

test('case and width folding match ＡＢＣ, ABC and abc, with offsets in the original text', () => {
  const a = compile(entries(['cctv', '５g网络']), { foldCase: true, foldWidth: true });
  const text = '看ＣＣＴＶ和CcTv，用5G网络';
  assert.deepEqual(shown(text, a.findAll(text)), ['1-5:ＣＣＴＶ', '12-16:5G网络', '6-10:CcTv']);
  assert.deepEqual(compile(entries(['cctv'])).findAll('CCTV ＣＣＴＶ'), [], 'no folding unless asked');
});

test('matches no text outside the dictionary alphabet across a reset', () => {
  const a = compile(entries(['应急广播']));
  assert.deepEqual(a.findAll('应急x广播'), []);
});

test('property: 10,000 random words over a small alphabet agree with indexOf (seeded)', () => {
  const rng = seededRandom(20240501);
  const symbols = ['应', '急', '广', '播', '乐', '昌', 'a', 'b', 'A', '😀', '𠀀', '，'];
  const pick = () => symbols[Math.floor(rng() * symbols.length)];
  const words: WordEntry[] = [];
  for (let i = 0; i < 10_000; i++) {
    let w = '';
    for (let n = randomInt(rng, 1, 6); n > 0; n--) w += pick();
    words.push({ text: w, id: i });
  }
  let text = '';
  for (let i = 0; i < 3_000; i++) text += rng() < 0.02 ? 'z' : pick();
  const found = compile(words).findAll(text);
  assert.ok(found.length > 100_000, `expected dense matches, got ${found.length}`);
  assert.deepEqual(keyed(found), naiveFind(text, words));
});

test('property: 10,000 Chinese words on planted text agree with indexOf (seeded)', () => {
  const words = entries(generateDictionary({ seed: 7, words: 10_000 }));
  const text = generateText({ seed: 8, utf8Bytes: 60_000, dictionary: words.map((w) => w.text), plantEvery: 10 });
  const found = compile(words).findAll(text);
  assert.ok(found.length > 1_000, `expected planted matches, got ${found.length}`);
  assert.deepEqual(keyed(found), naiveFind(text, words));
});

test('property: folded matching agrees with indexOf on folded text (seeded)', () => {
  const rng = seededRandom(99);
  const symbols = ['a', 'A', 'ａ', 'Ａ', 'b', 'Ｂ', '广', '播', '\u3000', ' '];
  const pick = () => symbols[Math.floor(rng() * symbols.length)];
  const words: WordEntry[] = [];
  for (let i = 0; i < 2_000; i++) {
    let w = '';
    for (let n = randomInt(rng, 1, 5); n > 0; n--) w += pick();
    words.push({ text: w, id: i });
  }
  let text = '';
  for (let i = 0; i < 3_000; i++) text += pick();
  const fold = unitFolder({ foldCase: true, foldWidth: true });
  const foldedWords = words.map((w) => ({ text: foldText(w.text, fold), id: w.id }));
  const found = compile(words, { foldCase: true, foldWidth: true }).findAll(text);
  assert.deepEqual(keyed(found), naiveFind(foldText(text, fold), foldedWords));
});

test('property: a ~9,500-unit alphabet with astral characters and long words (seeded)', () => {
  const rng = seededRandom(4242);
  const char = () =>
    rng() < 0.1 ? String.fromCodePoint(randomInt(rng, 0x20000, 0x2a6df)) : String.fromCharCode(randomInt(rng, 0x4e00, 0x9fa5));
  const words: WordEntry[] = [];
  for (let i = 0; i < 3_000; i++) {
    let w = '';
    for (let n = i % 100 === 0 ? randomInt(rng, 50, 300) : randomInt(rng, 1, 4); n > 0; n--) w += char();
    words.push({ text: w, id: i });
  }
  let text = '';
  while (text.length < 40_000) text += rng() < 0.05 ? words[Math.floor(rng() * words.length)].text : char();
  const a = compile(words);
  assert.ok(a.stats.alphabetSize > 8_000, `alphabet ${a.stats.alphabetSize}`);
  assert.deepEqual(keyed(a.findAll(text)), naiveFind(text, words));
});

test('stats describe a compact automaton', () => {
  const a = compile(entries(generateDictionary({ seed: 3, words: 5_000 })));
  assert.equal(a.stats.words, 5_000);
  assert.ok(a.stats.states > 5_000 && a.stats.slots >= a.stats.states);
  assert.ok(a.stats.bytes < 2_000_000, `bytes ${a.stats.bytes}`);
});
