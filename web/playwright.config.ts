import { defineConfig, devices } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The run starts `jobgraph dev --demo` (the binary cargo built) on its own
// ports and data directory, and drives Debian's Chromium (Playwright's own
// browser download is not reachable here).
const targetDir = process.env.CARGO_TARGET_DIR ?? join(import.meta.dirname, '..', 'target');
const binary = process.env.JOBGRAPH_BIN ?? join(targetDir, 'debug', 'jobgraph');
const webPort = Number(process.env.WEB_TEST_PORT ?? 13000);
const routerPort = webPort + 1;
const dataDir = process.env.WEB_TEST_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'jobgraph-web-'));
process.env.WEB_TEST_DATA_DIR = dataDir;

export default defineConfig({
  testDir: 'tests',
  timeout: 120_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    baseURL: `http://127.0.0.1:${webPort}`,
    trace: 'retain-on-failure',
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' },
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'], channel: undefined } }],
  webServer: {
    command: `${binary} dev --demo --data-dir ${dataDir} --first-port 0 --router-port ${routerPort} --web-port ${webPort}`,
    url: `http://127.0.0.1:${webPort}/`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe',
    // Short-lived access tokens, so the refresh (a minute before expiry) happens within a test.
    env: { JOBGRAPH_ACCESS_TOKEN_TTL: '75s', JOBGRAPH_LOG: 'warn' },
  },
});
