// Prints the initial JavaScript (what index.html loads before any lazy page)
// gzipped, and fails the build over the budget.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';

const BUDGET_BYTES = 150 * 1024;
const dist = new URL('../dist/', import.meta.url).pathname;
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const initial = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((match) => match[1]);
let total = 0;
for (const file of initial) {
  const gzipped = gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
  total += gzipped;
  console.log(`  ${file}: ${(gzipped / 1024).toFixed(1)} KB gzipped`);
}
console.log(`initial JavaScript: ${(total / 1024).toFixed(1)} KB gzipped (budget ${BUDGET_BYTES / 1024} KB)`);

// Trusted documents: the client sends ids, so no operation's text belongs in what it ships.
const manifest = JSON.parse(readFileSync(new URL('../app/gql/persisted-documents.json', import.meta.url), 'utf8'));
const shipped = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((match) => readFileSync(join(dist, match[1]), 'utf8')).join('\n');
const leaked = Object.values(manifest)
  .map((text) => /^(query|mutation|subscription) \w+/.exec(text)?.[0])
  .filter((head) => head && shipped.includes(head));
if (leaked.length) {
  console.error(`operation text in the bundle (the client should send ids only): ${leaked.join(', ')}`);
  process.exit(1);
}
if (total > BUDGET_BYTES) {
  console.error('over the budget');
  process.exit(1);
}
