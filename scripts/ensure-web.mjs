#!/usr/bin/env node
/**
 * Makes sure the staff console is built before the server starts (`npm start`) or the
 * browser tests run. Builds web/console with vite when web/console/dist/index.html is
 * missing or older than any source file of the console; otherwise returns at once.
 *
 * Usage: node scripts/ensure-web.mjs [--force]
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const consoleDir = path.join(root, 'web/console');
const builtIndex = path.join(consoleDir, 'dist/index.html');
/** What a build reads besides src/: a change to any of these needs a rebuild too. */
const inputs = ['index.html', 'vite.config.ts', 'tsconfig.json'].map((f) => path.join(consoleDir, f));

/** The newest modification time (ms) among `dir`'s files, recursively. */
function newestIn(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    const time = entry.isDirectory() ? newestIn(full) : fs.statSync(full).mtimeMs;
    if (time > newest) newest = time;
  }
  return newest;
}

function isStale() {
  if (!fs.existsSync(builtIndex)) return 'web/console/dist/index.html is missing';
  const built = fs.statSync(builtIndex).mtimeMs;
  const sources = Math.max(newestIn(path.join(consoleDir, 'src')), ...inputs.filter((f) => fs.existsSync(f)).map((f) => fs.statSync(f).mtimeMs));
  return sources > built ? 'web/console/src changed since the last build' : null;
}

const reason = process.argv.includes('--force') ? '--force' : isStale();
if (reason) {
  let vite;
  try {
    vite = await import('vite');
  } catch {
    console.error(`The console needs building (${reason}) but vite is not installed: run \`npm install\` (with dev dependencies), then \`npm run build\`.`);
    process.exit(1);
  }
  console.log(`Building the console (${reason})…`);
  const started = Date.now();
  await vite.build({ configFile: path.join(consoleDir, 'vite.config.ts'), logLevel: 'warn' });
  console.log(`Console built in ${((Date.now() - started) / 1000).toFixed(1)} s: web/console/dist`);
}
