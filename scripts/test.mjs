#!/usr/bin/env node
// `npm test`: every *.test.ts under src/ and test/, on SQLite, and on PostgreSQL too
// when DATABASE_URL points to one. Node 20's test runner neither expands globs nor
// finds .ts files by itself, so the files are listed here. Browser tests build the
// console first. Pass file paths to run only those: `npm test -- test/api/auth.test.ts`.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

function find(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : find(p);
    return e.name.endsWith('.test.ts') ? [p] : [];
  });
}

const args = process.argv.slice(2);
const skipBrowser = process.env.TEST_SKIP_BROWSER === '1';
const files = args.length ? args : [...find('src'), ...find('test')].filter((f) => !(skipBrowser && f.includes(`test${path.sep}browser`))).sort();
if (files.some((f) => f.includes(`test${path.sep}browser`)) && fs.existsSync('scripts/ensure-web.mjs')) {
  const built = spawnSync(process.execPath, ['scripts/ensure-web.mjs'], { stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}
const engines = process.env.DATABASE_URL ? 'SQLite and PostgreSQL' : 'SQLite (set DATABASE_URL=postgres://… to add PostgreSQL)';
console.log(`Running ${files.length} test files on ${engines}`);
const r = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files],
  { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'test' } },
);
process.exit(r.status ?? 1);
