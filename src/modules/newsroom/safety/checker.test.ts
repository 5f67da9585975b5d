import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AppError } from '../../../platform/errors.ts';
import { SafetyChecker, type SafetyDictionary, type SafetyFinding } from './checker.ts';

const dictionary: SafetyDictionary = {
  version: '2024.05.1',
  entries: [
    { word: '应急广播', level: 'review', category: 'emergency' },
    { word: '广播', level: 'review' },
    { word: '禁词', level: 'block', category: 'politics', note: 'never publish' },
    { word: 'cctv', level: 'review', category: 'media' },
  ],
};

const brief = (text: string, findings: SafetyFinding[]) =>
  findings.map((f) => `${f.rule}:${f.level}:${text.slice(f.start, f.end)}`);

test('reports every sensitive word, nested ones too, sorted by position', () => {
  const checker = new SafetyChecker({ dictionary });
  const text = '今天禁词，县应急广播站测试广播';
  const findings = checker.check(text);
  assert.deepEqual(brief(text, findings), [
    'sensitive_word:block:禁词',
    'sensitive_word:review:应急广播',
    'sensitive_word:review:广播',
    'sensitive_word:review:广播',
  ]);
  assert.deepEqual(findings[0], {
    rule: 'sensitive_word',
    start: 2,
    end: 4,
    word: '禁词',
    level: 'block',
    category: 'politics',
    note: 'never publish',
  });
  assert.equal(findings[2].category, null);
});

test('ignores ASCII case and full width by default; offsets stay in the original text', () => {
  const checker = new SafetyChecker({ dictionary });
  const text = '😀看ＣＣＴＶ';
  const [f] = checker.check(text);
  assert.deepEqual({ start: f.start, end: f.end, word: f.word }, { start: 3, end: 7, word: 'cctv' });
  assert.equal(new SafetyChecker({ dictionary }, { foldCase: false, foldWidth: false }).check(text).length, 0);
});

test('duplicate words are merged and the strictest level wins', () => {
  const checker = new SafetyChecker({
    dictionary: {
      version: '1',
      entries: [
        { word: 'abc', level: 'review' },
        { word: 'ABC', level: 'block', category: 'x' },
        { word: 'ａｂｃ', level: 'review' },
      ],
    },
  });
  const findings = checker.check('abc');
  assert.equal(findings.length, 1);
  assert.equal(findings[0].level, 'block');
  assert.equal(checker.stats.duplicatesMerged, 2);
});

test('typo-prone pairs are flagged for review with the suggestion', () => {
  const checker = new SafetyChecker({ dictionary, typos: [{ wrong: '按装', right: '安装' }] });
  const text = '请按装应急广播设备';
  const findings = checker.check(text);
  assert.deepEqual(findings[0], {
    rule: 'typo',
    start: 1,
    end: 3,
    word: '按装',
    level: 'review',
    category: null,
    suggestion: '安装',
  });
  assert.deepEqual(brief(text, findings).slice(1), ['sensitive_word:review:应急广播', 'sensitive_word:review:广播']);
});

test('banned links are flagged with host and the banned name, look-alikes are not', () => {
  const checker = new SafetyChecker({ dictionary, bannedHosts: ['bad.com'] });
  const text = '见http://bad.com/x，www.news.bad.com，http://notbad.com，www.notbad.com，https://bad.com.evil.org/';
  const findings = checker.check(text);
  assert.deepEqual(brief(text, findings), ['banned_link:block:http://bad.com/x', 'banned_link:block:www.news.bad.com']);
  assert.deepEqual(findings[1], {
    rule: 'banned_link',
    start: 18,
    end: 34,
    word: 'www.news.bad.com',
    level: 'block',
    category: null,
    host: 'www.news.bad.com',
    bannedHost: 'bad.com',
  });
});

test('links written in full-width characters are caught too', () => {
  const checker = new SafetyChecker({ dictionary, bannedHosts: ['bad.com'] });
  const text = '访问ｗｗｗ．ｂａｄ．ｃｏｍ了解';
  assert.deepEqual(brief(text, checker.check(text)), ['banned_link:block:ｗｗｗ．ｂａｄ．ｃｏｍ']);
});

test('an empty rule set finds nothing', () => {
  const checker = new SafetyChecker({ dictionary: { version: '0', entries: [] } });
  assert.deepEqual(checker.check('应急广播 http://bad.com'), []);
  assert.equal(checker.version, '0');
});

test('bad entries are refused with the field named', () => {
  const cases: [() => unknown, string][] = [
    [() => new SafetyChecker({ dictionary: { version: '1', entries: [{ word: ' ', level: 'block' }] } }), 'dictionary.entries[0].word'],
    [
      () => new SafetyChecker({ dictionary: { version: '1', entries: [{ word: 'x', level: 'warn' as 'block' }] } }),
      'dictionary.entries[0].level',
    ],
    [() => new SafetyChecker({ dictionary: { version: '1', entries: [{ word: '\ud800', level: 'block' }] } }), 'dictionary.entries[0].word'],
    [() => new SafetyChecker({ dictionary, typos: [{ wrong: '按装', right: '' }] }), 'typos[0].right'],
    [() => new SafetyChecker({ dictionary, bannedHosts: ['not a host'] }), 'bannedHosts[0]'],
  ];
  for (const [make, field] of cases) {
    assert.throws(make, (e: unknown) => e instanceof AppError && e.code === 'VALIDATION_FAILED' && e.field === field, field);
  }
});
