// Operations as a person watches them, in a real Chromium against a real hub: an install done with
// the keyboard only (Tab to the button, Enter, Tab to the plan's confirm, Enter) shows its steps
// while it runs; an uninstall started elsewhere (the API) is listed as running on the Operations
// page, and its own page follows it live over the server's event stream until it has succeeded,
// without a reload. The fixture module's hooks take seconds, so "while it runs" is real.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ADMIN, missing, screenshotsDir, startHub, type RunningHub } from './harness';
import { launch } from './browser';

const why = await missing();
if (why) console.warn(`[admin e2e] skipped: ${why}`);

describe.skipIf(!!why)('operations, live and by keyboard', () => {
  let hub: RunningHub;
  let browser: Awaited<ReturnType<typeof launch>>;
  let page: Page;
  const pageErrors: string[] = [];
  const shot = (name: string) => page.screenshot({ path: join(screenshotsDir, `ops-${name}.png`), fullPage: true });

  /** Presses Tab until the element matching `selector` has the focus (as a keyboard user would), at most `max` times. */
  async function tabTo(selector: string, max = 80) {
    for (let i = 0; i < max; i += 1) {
      if (await page.evaluate((s) => !!document.activeElement?.closest(s), selector)) return;
      await page.keyboard.press('Tab');
    }
    throw new Error(`${selector} was not reached with ${max} presses of Tab`);
  }

  beforeAll(async () => {
    mkdirSync(screenshotsDir, { recursive: true });
    hub = await startHub({ fixtures: ['slow_setup'], env: { SLOW_SETUP_MS: '4000', SLOW_TEARDOWN_MS: '10000' } });
    browser = await launch();
    page = await browser.context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.close();
  });

  it('signs in and installs a module with the keyboard only, its steps shown while it runs', async () => {
    await page.goto(`${hub.url}/admin/login`);
    await page.waitForSelector('[data-test="login-submit"]');
    await tabTo('[data-test="email"]');
    await page.keyboard.type(ADMIN.email);
    await page.keyboard.press('Tab');
    await page.keyboard.type(ADMIN.password);
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-test="app-card-slow_setup"]');

    await tabTo('[data-test="install-slow_setup"]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-test="plan"]');
    expect((await page.locator('[data-test="plan"] [data-test="sql"]').allTextContents()).join('\n')).toMatch(/CREATE TABLE[^\n]*"slow_setup"\."notes"/);
    await tabTo('[data-test="plan-confirm"]');
    await page.keyboard.press('Enter');
    // Still running (the hook waits 4 s; the uninstall hook 10 s), and the steps so far are on the screen.
    await page.waitForSelector('[data-test="operation-progress"] .n-timeline-item');
    expect(await page.$('[data-test="operation-done"]')).toBeNull();
    await shot('01-install-running');
    await page.waitForSelector('[data-test="operation-done"]', { timeout: 60_000 });
    const steps = await page.locator('[data-test="operation-progress"] .n-timeline-item').count();
    expect(steps).toBeGreaterThan(1);
    await shot('02-install-done');
    // The dialog closes from the keyboard, and the card says installed.
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-test="plan"]', { state: 'detached' });
    await page.waitForSelector('[data-test="app-card-slow_setup"][data-state="installed"]');
  });

  it('an operation started elsewhere is listed as running and its page follows it to the end without a reload', async () => {
    const started = await page.evaluate(async () => {
      const res = await fetch('/api/v1/modules/uninstall/slow_setup', {
        method: 'POST',
        headers: { authorization: `Bearer ${localStorage.getItem('hub.token')}`, 'content-type': 'application/json' },
        body: JSON.stringify({ async: true }),
      });
      return { status: res.status, body: await res.json() as { operationId: string } };
    });
    expect(started.status).toBe(202);
    const id = started.body.operationId;

    await page.locator('[data-test="main-menu"] a', { hasText: 'Operations' }).first().click();
    const row = page.locator('[data-test="operations-table"] tbody tr', { has: page.locator(`[data-test="operation-${id}"]`) });
    await row.waitFor();
    expect(await row.textContent()).toContain('running');
    await shot('03-list-running');

    await page.locator(`[data-test="operation-${id}"]`).click();
    await page.waitForSelector('[data-test="operation-page"] [data-test="operation-status"]');
    expect((await page.textContent('[data-test="operation-status"]'))?.trim()).toBe('running');
    const url = page.url();
    await shot('04-page-running');
    // The stream brings the remaining steps and the end; the page is the same page (no navigation).
    await page.waitForFunction(() => document.querySelector('[data-test="operation-status"]')?.textContent?.trim() === 'succeeded', undefined, { timeout: 60_000 });
    expect(page.url()).toBe(url);
    expect(await page.locator('[data-test="operation-page"] .n-timeline-item').count()).toBeGreaterThan(1);
    await shot('05-page-succeeded');

    await page.goBack();
    await page.waitForSelector('[data-test="operations-table"]');
    await page.locator('[data-test="main-menu"] a', { hasText: 'Apps' }).first().click();
    await page.waitForSelector('[data-test="app-card-slow_setup"][data-state="uninstalled"]');
    expect(pageErrors).toEqual([]);
  });
});
