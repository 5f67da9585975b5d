/** The local media store and the per-key lock. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { KeyedMutex, LocalMediaStore } from './store.ts';

test('put (bytes, stream, moved file), get with a range, exists, delete', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'rongmei-store-'));
  try {
    const store = new LocalMediaStore(path.join(root, 'media'));
    await store.put('c1/ab/abc', Buffer.from('hello media'));
    assert.equal(await text((await store.get('c1/ab/abc'))!), 'hello media');
    assert.equal(await text((await store.get('c1/ab/abc', { start: 6, end: 10 }))!), 'media');
    await store.put('c1/ab/stream', Readable.from([Buffer.from('from '), Buffer.from('a stream')]));
    assert.equal(await text((await store.get('c1/ab/stream'))!), 'from a stream');
    const loose = path.join(root, 'upload.tmp');
    fs.writeFileSync(loose, 'moved in');
    await store.put('c1/cd/moved', { path: loose });
    assert.ok(!fs.existsSync(loose), 'the temp file was moved, not copied');
    assert.equal(await text((await store.get('c1/cd/moved'))!), 'moved in');
    assert.equal(await store.exists('c1/cd/moved'), true);
    await store.delete('c1/cd/moved');
    await store.delete('c1/cd/moved');
    assert.equal(await store.exists('c1/cd/moved'), false);
    assert.equal(await store.get('c1/cd/moved'), null);
    await assert.rejects(store.put('../escape', Buffer.from('x')), /invalid media store key/);
    await assert.rejects(store.get('c1/../../etc/passwd'), /invalid media store key/);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('KeyedMutex runs work on one key one at a time, other keys freely', async () => {
  const m = new KeyedMutex();
  const log: string[] = [];
  const pause = () => new Promise((r) => setTimeout(r, 5));
  const job = (key: string, name: string) => m.run(key, async () => {
    log.push(`${name}+`);
    await pause();
    log.push(`${name}-`);
  });
  await Promise.all([job('k', 'a'), job('k', 'b'), job('other', 'x')]);
  const a = log.indexOf('a-');
  assert.ok(a < log.indexOf('b+'), log.join(' '));
  assert.ok(log.indexOf('x+') < a, 'another key did not wait');
  await assert.rejects(m.run('k', async () => { throw new Error('boom'); }), /boom/);
  assert.equal(await m.run('k', async () => 'still usable'), 'still usable');
});
