import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { freshDb, tempDir, type TestDb } from '../../../test/helpers/engines.ts';
import { createBackup, listBackups, pruneBackups } from './index.ts';

const DAY = 24 * 3600 * 1000;
const NOW = new Date('2025-09-01T03:00:00Z');
const daysAgo = (n: number): Date => new Date(NOW.getTime() - n * DAY);

describe('listing and pruning backups', () => {
  let tdb: TestDb;
  let dir: string;
  before(async () => {
    tdb = await freshDb('sqlite');
  });
  after(async () => {
    await tdb.dispose();
  });

  const backupAt = (now: Date) => createBackup({ handle: tdb, databaseUrl: null, destDir: dir, now });

  it('lists backups newest first, with size, engine and time, and gives a second backup in the same second its own name', async () => {
    dir = tempDir('rongmei-backups-');
    try {
      const older = await backupAt(daysAgo(3));
      const newer = await backupAt(daysAgo(1));
      const sameSecond = await backupAt(daysAgo(1));
      assert.equal(path.basename(sameSecond.file), 'rongmei-20250831-030000-2.sqlite');
      fs.writeFileSync(path.join(dir, '.rongmei-20250901-030000.sqlite.partial-1-ab'), 'unfinished');
      fs.writeFileSync(path.join(dir, 'notes.txt'), 'not a backup');

      const list = await listBackups(dir);
      assert.deepEqual(
        list.map((b) => path.basename(b.file)),
        [sameSecond, newer, older].map((b) => path.basename(b.file)),
      );
      assert.equal(list[2]!.engine, 'sqlite');
      assert.equal(list[2]!.bytes, fs.statSync(older.file).size);
      assert.equal(list[2]!.createdAt.toISOString(), daysAgo(3).toISOString());
      assert.equal(list[2]!.manifest?.sm3, older.manifest.sm3);
      assert.deepEqual(await listBackups(path.join(dir, 'absent')), []);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('deletes backups and sidecars older than keepDays, and nothing else', async () => {
    dir = tempDir('rongmei-backups-');
    try {
      const ancient = await backupAt(daysAgo(400));
      const old = await backupAt(daysAgo(191));
      const kept = await backupAt(daysAgo(189));
      const recent = await backupAt(daysAgo(1));
      // No manifest: its age comes from its name.
      const bare = path.join(dir, 'rongmei-20240101-000000.sqlite');
      fs.copyFileSync(recent.file, bare);
      const orphanManifest = path.join(dir, 'rongmei-20231201-000000.pgdump.json');
      fs.copyFileSync(`${ancient.file}.json`, orphanManifest);
      const staleTemp = path.join(dir, '.rongmei-20250820-030000.pgdump.partial-77-beef');
      const freshTemp = path.join(dir, '.rongmei-20250901-025900.sqlite.partial-78-cafe');
      const others = ['notes.txt', 'rongmei.db', 'rongmei-backup.sqlite', 'rongmei-20200101-000000.tar'].map((n) => path.join(dir, n));
      for (const f of [staleTemp, freshTemp, ...others]) fs.writeFileSync(f, 'x');
      fs.utimesSync(staleTemp, daysAgo(12), daysAgo(12));
      fs.utimesSync(freshTemp, daysAgo(0.01), daysAgo(0.01));
      for (const f of others) fs.utimesSync(f, daysAgo(1000), daysAgo(1000));

      const deleted = await pruneBackups(dir, 190, NOW);
      assert.deepEqual(
        deleted.sort(),
        [ancient.file, `${ancient.file}.json`, old.file, `${old.file}.json`, bare, orphanManifest, staleTemp].sort(),
      );
      const left = fs.readdirSync(dir).map((n) => path.join(dir, n)).sort();
      assert.deepEqual(left, [kept.file, `${kept.file}.json`, recent.file, `${recent.file}.json`, freshTemp, ...others].sort());
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps the newest backup even when every backup is too old', async () => {
    dir = tempDir('rongmei-backups-');
    try {
      const first = await backupAt(daysAgo(300));
      const last = await backupAt(daysAgo(200));
      assert.deepEqual((await pruneBackups(dir, 190, NOW)).sort(), [first.file, `${first.file}.json`].sort());
      assert.deepEqual((await listBackups(dir)).map((b) => b.file), [last.file]);
      await assert.rejects(pruneBackups(dir, 0, NOW), /keepDays must be at least 1/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
