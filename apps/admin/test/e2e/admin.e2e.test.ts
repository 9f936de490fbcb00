// The admin in a real Chromium against a real hub: log in, install a module after reading its
// plan, its menu and page appear, a throwing view is contained, uninstall removes the menu,
// uploads (valid and malicious). Screenshots: test-results/screenshots/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import type { BrowserContext, Page } from 'playwright-core';
import { ADMIN, missing, screenshotsDir, startHub, type RunningHub } from './harness';
import { launch } from './browser';
import { tgz } from './tarball';

const why = await missing();
if (why) console.warn(`[admin e2e] skipped: ${why}`);

describe.skipIf(!!why)('admin in Chromium against a running hub', () => {
  let hub: RunningHub;
  let browser: Awaited<ReturnType<typeof launch>>;
  let context: BrowserContext;
  let page: Page;
  const consoleErrors: string[] = [];
  const shot = (name: string) => page.screenshot({ path: join(screenshotsDir, `${name}.png`), fullPage: true });
  /** Waits for the operation in the dialog to end; fails with the error the page shows. */
  async function operationEnds(name: string) {
    await page.waitForSelector('[data-test="operation-done"], [data-test="operation-progress"] [data-test="error-panel"]', { timeout: 90_000 });
    const err = await page.$('[data-test="operation-progress"] [data-test="error-panel"]');
    if (err) { await shot(`${name}-FAILED`); throw new Error(`operation failed in the page: ${await err.textContent()}`); }
  }

  beforeAll(async () => {
    mkdirSync(screenshotsDir, { recursive: true });
    hub = await startHub();
    browser = await launch();
    context = browser.context;
    page = await context.newPage();
    page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
    page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.close();
  });

  it('signs in (and a wrong password shows the server error)', async () => {
    await page.goto(`${hub.url}/admin/`);
    await page.waitForSelector('[data-test="login-submit"]');
    await page.fill('[data-test="email"] input', ADMIN.email);
    await page.fill('[data-test="password"] input', 'wrong-password');
    await page.click('[data-test="login-submit"]');
    await page.waitForSelector('[data-test="error-panel"]');
    expect(await page.textContent('[data-test="error-message"]')).toContain('Wrong email or password');
    await shot('01-login-error');
    await page.fill('[data-test="password"] input', ADMIN.password);
    await page.click('[data-test="login-submit"]');
    await page.waitForSelector('[data-test="apps-grid"]');
    expect(page.url()).toContain('/admin/apps');
    await page.waitForSelector('[data-test="app-card-greetings"]');
    expect(await page.getAttribute('[data-test="app-card-base"]', 'data-state')).toBe('installed');
    await shot('02-apps');
  });

  it('installs a module after showing its plan; its menu appears and its page opens', async () => {
    // greetings_plus needs greetings: the plan adds it, says why, and shows both modules' SQL.
    await page.click('[data-test="install-greetings_plus"]');
    await page.waitForSelector('[data-test="plan"]');
    const sql = (await page.locator('[data-test="plan"] [data-test="sql"]').allTextContents()).join('\n');
    expect(sql).toMatch(/CREATE TABLE[^\n]*"greetings"\."messages"/);
    expect(sql).toMatch(/CREATE TABLE[^\n]*"greetings_plus"\."cards"/);
    expect(await page.textContent('[data-test="reason-greetings"]')).toContain('dependency');
    expect(await page.textContent('[data-test="reason-greetings_plus"]')).toContain('requested');
    expect(await page.textContent('[data-test="plan-confirm"]')).toContain('Install 2 modules');
    await shot('03-install-plan');
    await page.click('[data-test="plan-confirm"]');
    await operationEnds('04-install');
    await shot('04-install-done');
    await page.click('[data-test="plan-cancel"]');
    // Menu item added without reloading the page.
    const menuItem = page.locator('[data-test="main-menu"] a', { hasText: 'Greetings' });
    await menuItem.waitFor();
    expect(await page.getAttribute('[data-test="app-card-greetings"]', 'data-state')).toBe('installed');
    expect(await page.getAttribute('[data-test="app-card-greetings_plus"]', 'data-state')).toBe('installed');
    await menuItem.click();
    await page.waitForSelector('[data-test="hello-page"]');
    // The view injected the admin's context (same vue instance), reads the admin's route (same
    // vue-router) and keeps its count in a pinia store (same pinia: the admin's app has it installed).
    expect(await page.textContent('[data-test="hello-page"] h2')).toBe('Hello from the greetings module');
    await page.waitForFunction(() => document.querySelector('[data-test="hello-api"]')?.textContent?.includes('world'));
    await page.click('[data-test="hello-btn"]');
    expect(await page.textContent('[data-test="hello-btn"]')).toContain('Clicked 1 times');
    // Styles of the module bundle were applied.
    expect(await page.$eval('.hello-page', (el) => getComputedStyle(el).borderLeftWidth)).toBe('4px');
    await shot('05-module-page');
  });

  it('a module view that throws shows an error panel; the rest keeps working', async () => {
    await page.click('text=A page that throws');
    await page.waitForSelector('.module-host [data-test="error-panel"]');
    expect(await page.textContent('.module-host [data-test="error-message"]')).toContain('Boom');
    await shot('06-module-view-error');
    await page.click('[data-test="main-menu"] a:has-text("Apps")');
    await page.waitForSelector('[data-test="apps-grid"]');
  });

  it('the module page shows metadata, the dependency graph, schema and migrations', async () => {
    await page.goto(`${hub.url}/admin/modules/greetings`);
    await page.waitForSelector('[data-test="dependency-graph"]');
    await page.waitForSelector('[data-test="schema-up-to-date"]');
    // What it depends on (base? no: nothing) and what depends on it (greetings_plus), drawn.
    expect(await page.getAttribute('[data-test="dependency-graph"] [data-node="greetings"]', 'data-relation')).toBe('focus');
    expect(await page.getAttribute('[data-test="dependency-graph"] [data-node="greetings_plus"]', 'data-relation')).toBe('dependent');
    expect(await page.locator('[data-test="dependency-graph"] path[marker-end]').count()).toBe(1);
    await shot('07-module-details');
  });

  it('takes a backup, downloads it and restores it from the module page', async () => {
    await page.click('[data-test="backup-now"]');
    await operationEnds('07b-backup');
    await page.keyboard.press('Escape');
    const row = page.locator('[data-test="backups"] tbody tr', { hasText: 'messages' });
    await row.first().waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), row.first().locator('button:has-text("Download")').click()]);
    expect(download.suggestedFilename()).toMatch(/^greetings-.*\.tar\.gz$/);
    await row.first().locator('button:has-text("Restore")').click();
    await page.click('.n-popconfirm__action button:has-text("Confirm")');
    await operationEnds('07c-restore');
    await shot('07c-restored');
    await page.keyboard.press('Escape');
  });

  it('rolls back the last migration (after accepting the data loss it announces), then reinstalls', async () => {
    await page.goto(`${hub.url}/admin/modules/greetings_plus`);
    await page.waitForSelector('[data-test="schema-up-to-date"]');
    await page.click('[data-test="rollback"]');
    await page.click('.n-popconfirm__action button:has-text("Confirm")');
    // Rolling back the first migration drops the table: the server refuses without acceptDataLoss,
    // the page says so and offers to go ahead.
    await page.waitForSelector('[data-test="accept-and-retry"]');
    expect(await page.textContent('[data-test="operation-progress"]')).toMatch(/lose data/);
    await shot('07d-rollback-refused');
    await page.click('[data-test="accept-and-retry"]');
    await operationEnds('07d-rollback');
    await page.keyboard.press('Escape');
    // Undoing the install migration leaves the module uninstalled, its migration marked rolled back.
    await page.waitForFunction(() => document.querySelector('[data-test="migrations"]')?.textContent?.includes('rolled back'));
    await page.waitForFunction(() => document.querySelector('[data-test="schema"]')?.textContent?.includes('Not installed'));
    await shot('07e-rolled-back');
    // Install it again from the Apps page.
    await page.goto(`${hub.url}/admin/apps`);
    await page.click('[data-test="install-greetings_plus"]');
    await page.waitForSelector('[data-test="plan"]');
    await page.click('[data-test="plan-confirm"]');
    await operationEnds('07f-reinstall');
    await page.click('[data-test="plan-cancel"]');
    await page.waitForFunction(() => document.querySelector('[data-test="app-card-greetings_plus"]')?.getAttribute('data-state') === 'installed');
  });

  it('upgrades a module whose code got newer, after showing the ALTER in its plan', async () => {
    // New code on disk: version 1.1.0 with one more column.
    const dir = join(hub.addonsDir, 'greetings');
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ ...pkg, version: '1.1.0' }, null, 2));
    writeFileSync(join(dir, 'index.js'), readFileSync(join(dir, 'index.js'), 'utf8').replace("text: text('text').notNull() }", "text: text('text').notNull(), lang: text('lang') }"));
    await page.goto(`${hub.url}/admin/apps`);
    await page.waitForSelector('[data-test="upgrade-greetings"]');
    await page.click('[data-test="upgrade-greetings"]');
    await page.waitForSelector('[data-test="plan"]');
    expect(await page.textContent('[data-test="plan-module-greetings"]')).toMatch(/1\.0\.0 → 1\.1\.0[^]*ADD COLUMN "lang"/);
    await shot('07g-upgrade-plan');
    await page.click('[data-test="plan-confirm"]');
    await operationEnds('07g-upgrade');
    await page.click('[data-test="plan-cancel"]');
    await page.waitForFunction(() => !document.querySelector('[data-test="upgrade-greetings"]'));
    // Its pages still open (the entry is loaded again for the new version).
    await page.click('[data-test="main-menu"] a:has-text("Greetings")');
    await page.waitForSelector('[data-test="hello-page"]');
  });

  it('disabling a module hides its menu, enabling brings it back', async () => {
    await page.goto(`${hub.url}/admin/apps`);
    const hasMenu = () => page.evaluate(() => [...document.querySelectorAll('[data-test="main-menu"] a')].some((a) => a.textContent?.includes('Greetings')));
    await page.click('[data-test="disable-greetings"]');
    await page.waitForSelector('[data-test="enable-greetings"]');
    await page.waitForFunction(() => ![...document.querySelectorAll('[data-test="main-menu"] a')].some((a) => a.textContent?.includes('Greetings')));
    expect(await page.textContent('[data-test="app-card-greetings"] [data-test="app-state"]')).toContain('disabled');
    await shot('07h-disabled');
    await page.click('[data-test="enable-greetings"]');
    await page.waitForSelector('[data-test="disable-greetings"]');
    await page.waitForFunction(() => [...document.querySelectorAll('[data-test="main-menu"] a')].some((a) => a.textContent?.includes('Greetings')));
    expect(await hasMenu()).toBe(true);
  });

  it('uninstalls the module: the menu item is gone', async () => {
    await page.goto(`${hub.url}/admin/apps`);
    await page.waitForSelector('[data-test="uninstall-greetings"]');
    await page.click('[data-test="uninstall-greetings"]');
    // greetings_plus depends on it: without cascade the server refuses, and the page says how to fix it.
    await page.waitForSelector('[data-test="plan-dialog"] [data-test="error-panel"], [data-test="plan"]');
    const refusal = await page.$('[data-test="plan-dialog"] [data-test="error-panel"]');
    if (refusal) expect(await refusal.textContent()).toMatch(/greetings_plus/);
    await shot('08a-uninstall-needs-cascade');
    await page.click('[data-test="opt-cascade"]');
    await page.waitForSelector('[data-test="plan-module-greetings_plus"]');
    await page.click('[data-test="opt-drop-tables"]');
    await page.waitForSelector('[data-test="data-loss"]');
    await shot('08-uninstall-plan');
    await page.click('[data-test="accept-data-loss"]');
    await page.click('[data-test="plan-confirm"]');
    await operationEnds('09-uninstall');
    await page.click('[data-test="plan-cancel"]');
    await page.waitForFunction(() => ![...document.querySelectorAll('[data-test="main-menu"] a')].some((a) => a.textContent?.includes('Greetings')));
    expect(await page.getAttribute('[data-test="app-card-greetings"]', 'data-state')).not.toBe('installed');
    expect(await page.getAttribute('[data-test="app-card-greetings_plus"]', 'data-state')).not.toBe('installed');
    // Its route is gone too.
    await page.goto(`${hub.url}/admin/m/greetings`);
    await page.waitForSelector('text=Page not found');
    await shot('09-uninstalled');
  });

  it('uploads a valid archive, and refuses a malicious one with the server error shown', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hub-e2e-archives-'));
    try {
      const good = join(dir, 'postcards-1.0.0.tgz');
      const bad = join(dir, 'evil-1.0.0.tgz');
      writeFileSync(good, tgz({
        'package/package.json': JSON.stringify({ name: '@hub/module-postcards', version: '1.0.0', type: 'module', main: 'index.js', keywords: ['hub-module'], hub: { module: 'postcards', summary: 'Uploaded in the e2e test', category: 'Testing' }, peerDependencies: { '@hub/kit': '^0.1.0' } }),
        'package/index.js': "import { defineModule } from '@hub/kit';\nexport default defineModule({ name: 'postcards' });\n",
      }));
      writeFileSync(bad, tgz({
        'package/package.json': JSON.stringify({ name: '@hub/module-evil', version: '1.0.0', type: 'module', main: 'index.js', hub: { module: 'evil' } }),
        'package/../../../../escaped.js': 'console.log("pwned")\n',
        'package/index.js': 'export default {};\n',
      }));

      await page.goto(`${hub.url}/admin/apps`);
      await page.click('[data-test="open-upload"]');
      await page.setInputFiles('[data-test="upload-input"]', good);
      await page.click('[data-test="upload-submit"]');
      await page.waitForSelector('[data-test="upload-done"], [data-test="upload"] [data-test="error-panel"]', { timeout: 60_000 });
      await shot('10-upload-valid');
      const refused = await page.$('[data-test="upload"] [data-test="error-panel"]');
      expect(refused ? await refused.textContent() : null).toBeNull();
      await page.waitForSelector('[data-test="app-card-postcards"]');

      await page.setInputFiles('[data-test="upload-input"]', bad);
      await page.click('[data-test="upload-submit"]');
      await page.waitForSelector('[data-test="upload"] [data-test="error-panel"]', { timeout: 60_000 });
      const message = await page.textContent('[data-test="upload"] [data-test="error-panel"]');
      expect(message).toMatch(/refused/i);
      expect(await page.textContent('[data-test="upload"] [data-test="error-message"]')).toMatch(/\.\./); // the server's reason
      expect(await page.textContent('[data-test="upload"] [data-test="error-hint"]')).toBeTruthy(); // and its hint
      await shot('11-upload-malicious');
      expect(await page.$('[data-test="app-card-evil"]')).toBeNull();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the audit log lists what was done, by whom', async () => {
    await page.goto(`${hub.url}/admin/audit`);
    await page.waitForSelector('[data-test="audit-table"] tbody tr');
    const text = await page.textContent('[data-test="audit-table"]');
    expect(text).toContain('greetings');
    expect(text).toContain(ADMIN.email);
    await shot('12-audit');
    // No uncaught errors in the page other than the deliberate throwing view, and no CSP error on
    // any page visited (login, Apps, module page, module views): the hub's CSP allows the admin's
    // inline import map by its hash and nothing else inline.
    expect(consoleErrors.filter((e) => /Content Security Policy|Refused to (execute|load|apply)/i.test(e))).toEqual([]);
    expect(consoleErrors.filter((e) => !/Boom|\[hub\] module "greetings" view failed|Failed to load resource/.test(e))).toEqual([]);
  });

  it('signs out: the token is revoked and pages need a new sign-in', async () => {
    const token = await page.evaluate(() => localStorage.getItem('hub.token'));
    await page.click('[data-test="logout"]');
    await page.waitForSelector('[data-test="login-notice"]');
    expect(await page.textContent('[data-test="login-notice"]')).toContain('signed out');
    const r = await fetch(`${hub.url}/api/v1/auth/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(r.status).toBe(401);
    await page.goto(`${hub.url}/admin/audit`);
    await page.waitForSelector('[data-test="login-submit"]');
  });
});
