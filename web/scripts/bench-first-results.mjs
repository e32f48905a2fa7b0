// Benchmark: time from navigation to the first search results painted, in
// headless Chromium on localhost, median of 10 cold page loads (a new
// browser context each: no cache, no session). Starts `jobgraph dev --demo`
// from the built binary (JOBGRAPH_BIN, or the release build if present,
// else the debug one) on free ports.
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const target = process.env.CARGO_TARGET_DIR ?? join(import.meta.dirname, '..', '..', 'target');
const binary =
  process.env.JOBGRAPH_BIN ?? [join(target, 'release', 'jobgraph'), join(target, 'debug', 'jobgraph')].find((path) => existsSync(path));
if (!binary) throw new Error('build jobgraph first (cargo build --release)');
const runs = Number(process.env.RUNS ?? 10);
const query = process.env.QUERY ?? 'engineer';
const dataDir = mkdtempSync(join(tmpdir(), 'jobgraph-web-bench-'));
const webPort = 13100;

const dev = spawn(binary, ['dev', '--demo', '--data-dir', dataDir, '--first-port', '0', '--router-port', String(webPort + 1), '--web-port', String(webPort)], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
await new Promise((resolve, reject) => {
  let output = '';
  dev.stdout.on('data', (chunk) => {
    output += chunk;
    if (output.includes('is ready in')) resolve();
  });
  dev.on('exit', () => reject(new Error(`dev exited: ${output}`)));
});
dev.stdout.resume();
// The demo jobs reach the search index through events, just after start: wait until they are searchable.
for (let tries = 0; ; tries++) {
  const response = await fetch(`http://127.0.0.1:${webPort + 1}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: `{ searchJobs(query: ${JSON.stringify(query)}) { totalCount } }` }),
  }).then((answer) => answer.json(), () => null);
  if (response?.data?.searchJobs?.totalCount > 0) break;
  if (tries > 600) throw new Error(`no job matches "${query}" after a minute`);
  await new Promise((resolve) => setTimeout(resolve, 100));
}

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
const timings = [];
try {
  for (let run = 0; run <= runs; run++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`http://127.0.0.1:${webPort}/?q=${encodeURIComponent(query)}`, { waitUntil: 'commit' });
    await page.locator('.job-card').first().waitFor();
    // Milliseconds since the navigation started, once the first result is in the DOM and a frame has painted it.
    const painted = await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(performance.now()))));
    if (run > 0) timings.push(painted); // the first load warms the servers' caches and the index
    await context.close();
  }
} finally {
  await browser.close();
  dev.kill('SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
}
timings.sort((a, b) => a - b);
const median = timings[Math.floor(timings.length / 2)];
console.log(`first search results painted (query "${query}", ${binary.includes('release') ? 'release' : 'debug'} binary, headless Chromium, localhost)`);
console.log(`  median of ${timings.length} cold loads: ${median.toFixed(0)} ms; min ${timings[0].toFixed(0)} ms, max ${timings[timings.length - 1].toFixed(0)} ms`);
console.log('  measured: navigation start -> first .job-card in the DOM -> next animation frame (performance.now())');
