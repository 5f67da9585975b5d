import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AppError } from '../../../platform/errors.ts';
import { BannedHosts, findLinks } from './links.ts';

const linkTexts = (text: string) => findLinks(text).map((l) => `${text.slice(l.start, l.end)} → ${l.host}`);

test('finds http(s) URLs and bare www. hosts, ending at CJK text and sentence punctuation', () => {
  const text = '详见https://News.Example.com/a/b?x=1。访问www.lechang.gov.cn了解，或(http://1.2.3.4:8080/p).';
  assert.deepEqual(linkTexts(text), [
    'https://News.Example.com/a/b?x=1 → news.example.com',
    'www.lechang.gov.cn → www.lechang.gov.cn',
    'http://1.2.3.4:8080/p → 1.2.3.4',
  ]);
});

test('reads the host after user info, not the user info', () => {
  assert.deepEqual(
    findLinks('http://good.com@bad.com/x').map((l) => l.host),
    ['bad.com'],
  );
});

test('does not take "www." out of the middle of another name', () => {
  assert.deepEqual(linkTexts('awww.bad.com a.www.bad.com'), []);
  assert.deepEqual(linkTexts('www.'), []);
});

test('offsets are UTF-16 positions after astral characters', () => {
  const text = '😀😀www.bad.com';
  const [link] = findLinks(text);
  assert.deepEqual({ start: link.start, end: link.end }, { start: 4, end: 15 });
});

test('a banned host catches itself and its subdomains, case-insensitively', () => {
  const banned = new BannedHosts(['bad.com', '*.evil.org', 'Trailing.net.']);
  assert.equal(banned.match('bad.com'), 'bad.com');
  assert.equal(banned.match('www.bad.com'), 'bad.com');
  assert.equal(banned.match('a.b.BAD.com'), 'bad.com');
  assert.equal(banned.match('evil.org'), 'evil.org');
  assert.equal(banned.match('x.trailing.net'), 'trailing.net');
});

test('look-alike hosts are not banned', () => {
  const banned = new BannedHosts(['bad.com']);
  for (const host of ['notbad.com', 'bad.com.evil.org', 'bad.co', 'bad.comm', 'xbad.com', 'com']) {
    assert.equal(banned.match(host), null, host);
  }
});

test('IDN hosts in the list are compared in punycode', () => {
  const banned = new BannedHosts(['坏.com']);
  assert.equal(banned.match('www.xn--7es.com'), 'xn--7es.com');
});

test('an entry that is not a host name is refused with its field', () => {
  for (const bad of ['', 'http://bad.com/', 'bad com', '..']) {
    assert.throws(
      () => new BannedHosts(['ok.com', bad]),
      (e: unknown) => e instanceof AppError && e.code === 'VALIDATION_FAILED' && e.field === 'bannedHosts[1]',
      JSON.stringify(bad),
    );
  }
});
