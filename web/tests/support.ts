import { expect, type Page, type TestInfo } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

// Each run saves every page's pictures under test-results/screenshots;
// `npm run screenshots` writes them to web/screenshots, the README's pictures.
export const SCREENSHOTS = process.env.SCREENSHOTS_DIR ?? join(import.meta.dirname, '..', 'test-results', 'screenshots');

/** No serious or critical accessibility violation on the page as it is now. */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
  expect(bad.map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`), `axe on ${what}`).toEqual([]);
}

/** The page at phone and desktop widths, saved under SCREENSHOTS. */
export async function screenshots(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const original = page.viewportSize();
  for (const [width, height, label] of [
    [390, 844, 'phone'],
    [1280, 800, 'desktop'],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(SCREENSHOTS, `${name}-${label}.png`), fullPage: false });
  }
  if (original) await page.setViewportSize(original);
}

/** Fails the test on any console error or uncaught exception of the page. */
export function watchConsole(page: Page, info: TestInfo): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`${info.title}: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`${info.title}: ${error.message}`));
  return errors;
}

/** Every page visited gets checked by axe and photographed. */
export async function visit(page: Page, name: string): Promise<void> {
  await expectAccessible(page, name);
  await screenshots(page, name);
}
