import { generateDictionary, generateText } from '/work/main/src/modules/newsroom/safety/fixtures.ts';
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const which = process.argv[2];
const dict = generateDictionary({ seed: 1, words: 100_000 });
const text = generateText({ seed: 2, utf8Bytes: 1 << 20, dictionary: dict });
const slice = text.slice(0, 35000);
const m0 = process.memoryUsage().rss;
let t0 = performance.now();
if (which === 'modern') {
  const { default: AC } = await import('modern-ahocorasick');
  const ac = new AC(dict);
  console.log('build', performance.now() - t0, (process.memoryUsage().rss - m0) / 1e6);
  for (const size of [1000, 5000, 20000]) { t0 = performance.now(); const r = ac.search(slice.slice(0, size)); console.log(size, performance.now() - t0, r.length, r[0]); }
} else if (which === 'modernfast') {
  const { default: AC } = await import('modern-ahocorasick/fast');
  const ac = new AC(dict);
  console.log('build', performance.now() - t0, (process.memoryUsage().rss - m0) / 1e6);
  for (const size of [1000, 5000, 20000]) { t0 = performance.now(); const r = ac.search(slice.slice(0, size)); console.log(size, performance.now() - t0, r.length); }
} else if (which === 'aho') {
  const AC = require('ahocorasick');
  const ac = new AC(dict);
  console.log('build', performance.now() - t0, (process.memoryUsage().rss - m0) / 1e6);
  t0 = performance.now(); const r = ac.search(text); console.log('full', performance.now() - t0, r.length, r[0]);
} else if (which === 'mint') {
  const { Mint } = require('mint-filter');
  const ac = new Mint(dict);
  console.log('build', performance.now() - t0, (process.memoryUsage().rss - m0) / 1e6);
  t0 = performance.now(); const r = ac.filter(text, { replace: false }); console.log('full', performance.now() - t0, r.words.length, r.words[0]);
} else if (which === 'monyone') {
  const { AhoCorasick } = await import('@monyone/aho-corasick/fast');
  const ac = new AhoCorasick(dict);
  console.log('build', performance.now() - t0, (process.memoryUsage().rss - m0) / 1e6);
  t0 = performance.now(); const r = ac.matchInText(text); console.log('full', performance.now() - t0, r.length, r[0]);
}
console.log('maxrss', process.resourceUsage().maxRSS / 1024);
