#!/usr/bin/env node
// `npm test`: every *.test.ts under src/ and test/, on SQLite, and on PostgreSQL too
// when DATABASE_URL points to one. Node 20's test runner neither expands globs nor
// finds .ts files by itself, so the files are listed here. Browser tests build the
// console first. Pass file paths to run only those: `npm test -- test/api/auth.test.ts`.
//
// The whole suite runs in two phases: every other file first, then the browser files
// (test/browser/). Sharing a 2-core machine with the CPU-heavy CLI and process tests,
// a browser's clicks and renders were late enough for waits to time out now and then.
// The second phase runs even when the first failed, so one run reports both.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

function find(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : find(p);
    return e.name.endsWith('.test.ts') ? [p] : [];
  });
}

const isBrowser = (f) => path.normalize(f).includes(`test${path.sep}browser${path.sep}`);

/**
 * Runs the files in one `node --test` process: spec on the terminal, and TAP to a file
 * whose closing counts (`# pass N`) feed the summary. Returns the exit status and counts.
 */
function run(files) {
  const tap = path.join(os.tmpdir(), `rongmei-test-${process.pid}-${Date.now()}.tap`);
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', '--test-reporter-destination=stdout', '--test-reporter=tap', `--test-reporter-destination=${tap}`, ...files],
    { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'test' } },
  );
  const text = fs.existsSync(tap) ? fs.readFileSync(tap, 'utf8') : '';
  fs.rmSync(tap, { force: true });
  const count = (what) => Number(new RegExp(`^# ${what} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
  return { status: r.status ?? 1, tests: count('tests'), passed: count('pass'), failed: count('fail'), skipped: count('skipped') };
}

const counts = (r) => `${r.tests} tests: ${r.passed} passed, ${r.failed} failed${r.skipped ? `, ${r.skipped} skipped` : ''}`;

const args = process.argv.slice(2);
const skipBrowser = process.env.TEST_SKIP_BROWSER === '1';
const all = args.length ? args : [...find('src'), ...find('test')].filter((f) => !(skipBrowser && isBrowser(f))).sort();
if (all.some(isBrowser) && fs.existsSync('scripts/ensure-web.mjs')) {
  const built = spawnSync(process.execPath, ['scripts/ensure-web.mjs'], { stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}
const engines = process.env.DATABASE_URL ? 'SQLite and PostgreSQL' : 'SQLite (set DATABASE_URL=postgres://… to add PostgreSQL)';

// Files named on the command line: one run, as asked.
if (args.length) {
  console.log(`Running ${all.length} test files on ${engines}`);
  const r = run(all);
  console.log(`\n${r.status === 0 ? 'passed' : 'FAILED'}: ${counts(r)}`);
  process.exit(r.status);
}

const phases = [
  { name: 'non-browser', files: all.filter((f) => !isBrowser(f)) },
  { name: 'browser', files: all.filter(isBrowser) },
].filter((p) => p.files.length > 0);
const results = [];
for (const [i, phase] of phases.entries()) {
  console.log(`Phase ${i + 1}/${phases.length}: ${phase.files.length} ${phase.name} test files on ${engines}`);
  const started = Date.now();
  results.push({ ...phase, ...run(phase.files), seconds: Math.round((Date.now() - started) / 1000) });
}
console.log('');
for (const r of results) {
  console.log(`${r.status === 0 ? 'passed' : 'FAILED'}: ${r.name} phase, ${r.files.length} files, ${counts(r)}, ${r.seconds} s${r.status === 0 ? '' : ` (exit ${r.status})`}`);
}
const total = results.reduce((a, r) => ({ tests: a.tests + r.tests, passed: a.passed + r.passed, failed: a.failed + r.failed, skipped: a.skipped + r.skipped }), { tests: 0, passed: 0, failed: 0, skipped: 0 });
console.log(`${results.every((r) => r.status === 0) ? 'passed' : 'FAILED'}: ${counts(total)}`);
process.exit(results.find((r) => r.status !== 0)?.status ?? 0);
