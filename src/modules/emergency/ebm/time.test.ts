import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, describe, it } from 'node:test';
import { formatBeijingTime, formatCapTime, parseBeijingTime, parseCapTime } from './time.ts';

const originalTz = process.env.TZ;
after(() => {
  if (originalTz === undefined) delete process.env.TZ;
  else process.env.TZ = originalTz;
});

describe('Beijing time', () => {
  it('crosses midnight UTC: 16:00Z is the next day 00:00 in Beijing', () => {
    const cases: [string, string][] = [
      ['2024-06-17T15:59:59Z', '2024-06-17 23:59:59'],
      ['2024-06-17T16:00:00Z', '2024-06-18 00:00:00'],
      ['2024-06-17T23:30:00Z', '2024-06-18 07:30:00'],
      ['2024-06-18T00:00:00Z', '2024-06-18 08:00:00'],
      ['2024-12-31T16:00:00Z', '2025-01-01 00:00:00'], // and a new year
      ['2024-02-28T16:00:00Z', '2024-02-29 00:00:00'], // a leap day
    ];
    for (const tz of ['UTC', 'America/New_York', 'Asia/Shanghai', 'Asia/Kolkata', 'Pacific/Chatham']) {
      process.env.TZ = tz;
      for (const [iso, wall] of cases) {
        assert.equal(formatBeijingTime(new Date(iso)), wall, `${iso} in TZ=${tz}`);
        assert.equal(parseBeijingTime(wall)?.toISOString(), new Date(iso).toISOString(), `${wall} in TZ=${tz}`);
      }
    }
  });

  it('does not depend on the time zone of the process (child with TZ=America/Los_Angeles)', () => {
    const script = `import { formatBeijingTime } from './src/modules/emergency/ebm/time.ts';
      console.log(formatBeijingTime(new Date('2024-03-10T10:30:00Z')));`; // a US DST switch day
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      env: { ...process.env, TZ: 'America/Los_Angeles' },
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), '2024-03-10 18:30:00');
  });

  it('parses leniently and refuses non-times', () => {
    const t = '2024-06-18T00:00:00.000Z';
    assert.equal(parseBeijingTime('2024-06-18 08:00:00')?.toISOString(), t);
    assert.equal(parseBeijingTime(' 2024/6/18 8:00:00 ')?.toISOString(), t);
    assert.equal(parseBeijingTime('2024-06-18T08:00')?.toISOString(), t);
    assert.equal(parseBeijingTime('2024-06-18 08:00:00.250')?.toISOString(), t);
    assert.equal(parseBeijingTime('2024-06-18 00:00:00Z')?.toISOString(), t, 'an explicit zone wins');
    assert.equal(parseBeijingTime('2024-06-18')?.toISOString(), '2024-06-17T16:00:00.000Z');
    for (const bad of ['2024-02-30 00:00:00', '2024-06-18 24:00:00', '2024-13-01 00:00:00', 'yesterday', '']) {
      assert.equal(parseBeijingTime(bad), null, bad);
    }
  });
});

describe('CAP time', () => {
  it('writes +08:00 and reads any offset', () => {
    assert.equal(formatCapTime(new Date('2024-06-17T16:05:09.999Z')), '2024-06-18T00:05:09+08:00');
    assert.equal(parseCapTime('2024-06-18T00:05:09+08:00')?.toISOString(), '2024-06-17T16:05:09.000Z');
    assert.equal(parseCapTime('2024-06-17T12:05:09-04:00')?.toISOString(), '2024-06-17T16:05:09.000Z');
  });
});
