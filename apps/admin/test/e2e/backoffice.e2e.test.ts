// The admin as a back office, in a real Chromium against a real hub, each step as a person does
// it: module views in the host's components, users, roles and tokens (base's views), a reader who
// sees only what their role allows, a token revoked. axe-core checks the main pages.
// Screenshots: test-results/screenshots/bo-*.png.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { ADMIN, missing, screenshotsDir, startHub, type RunningHub } from './harness';
import { launch } from './browser';
import { seriousViolations } from './axe';

const why = await missing();
if (why) console.warn(`[admin e2e] skipped: ${why}`);

const READER = { email: 'reader@e2e.local', password: 'reader-password-1' };

describe.skipIf(!!why)('the admin as a back office', () => {
  let hub: RunningHub;
  let browser: Awaited<ReturnType<typeof launch>>;
  let context: BrowserContext;
  let page: Page;
  let apiToken = '';
  const pageErrors: string[] = [];
  const shot = (name: string) => page.screenshot({ path: join(screenshotsDir, `bo-${name}.png`), fullPage: true });
  const menu = () => page.locator('[data-test="main-menu"] a').allTextContents().then((t) => t.map((s) => s.trim()));
  const openMenu = async (label: string) => { await page.locator('[data-test="main-menu"] a', { hasText: label }).first().click(); };
  const accessible = async (name: string) => expect.soft(await seriousViolations(page), `axe on ${name}`).toEqual([]);
  /** Answers the popconfirm that is open (naive-ui renders it in a teleported layer). */
  const confirm = async () => { await page.locator('.n-popconfirm__action button', { hasText: /Confirm|OK/ }).last().click(); };
  async function signIn(who: { email: string; password: string }) {
    await page.goto(`${hub.url}/admin/login`);
    await page.fill('[data-test="email"] input', who.email);
    await page.fill('[data-test="password"] input', who.password);
    await page.click('[data-test="login-submit"]');
    await page.waitForSelector('[data-test="apps-page"]');
  }
  /** The same, with the keyboard only: type, Tab, type, Enter. */
  async function signInByKeyboard(who: { email: string; password: string }) {
    await page.goto(`${hub.url}/admin/login`);
    await page.locator('[data-test="email"] input').focus();
    await page.keyboard.type(who.email);
    await page.keyboard.press('Tab');
    await page.keyboard.type(who.password);
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-test="apps-page"]');
  }
  async function signOut() {
    await page.click('[data-test="logout"]');
    await page.waitForSelector('[data-test="login-submit"]');
  }
  /** fetch from the page, as the signed-in person's browser would call the API. */
  const call = (method: string, path: string, token: string | null, body?: unknown) => page.evaluate(async ({ method, path, token, body }) => {
    const t = token ?? localStorage.getItem('hub.token');
    const res = await fetch(path, { method, headers: { authorization: `Bearer ${t}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
    return { status: res.status, body: await res.text() };
  }, { method, path, token, body });

  beforeAll(async () => {
    mkdirSync(screenshotsDir, { recursive: true });
    hub = await startHub({ modules: ['contacts'] });
    browser = await launch();
    context = browser.context;
    page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.close();
  });

  it('login and Apps have no serious accessibility violation; the superuser installs contacts after its plan', async () => {
    await page.goto(`${hub.url}/admin/`);
    await page.waitForSelector('[data-test="login-submit"]');
    await accessible('login');
    await shot('01-login');
    await signIn(ADMIN);
    await page.waitForSelector('[data-test="app-card-contacts"]');
    await accessible('Apps');
    await page.click('[data-test="install-contacts"]');
    await page.waitForSelector('[data-test="plan"]');
    await page.click('[data-test="plan-confirm"]');
    await page.waitForSelector('[data-test="operation-done"]', { timeout: 90_000 });
    await page.click('[data-test="plan-cancel"]');
    await page.locator('[data-test="main-menu"] a', { hasText: 'Contacts' }).waitFor();
    // base's menus show although base is no application.
    expect(await menu()).toEqual(expect.arrayContaining(['Apps', 'Contacts', 'Users', 'Roles', 'My account']));
    await shot('02-apps');
    await page.goto(`${hub.url}/admin/modules/contacts`);
    await page.waitForSelector('[data-test="module-page"]');
    await accessible('the module page');
  });

  it('the contacts view is built with the host components and theme: list, validation messages, search in the URL, back button', async () => {
    await openMenu('Contacts');
    await page.waitForSelector('[data-test="companies-table"].n-data-table');
    // Same primary colour as the shell's own primary buttons: the view follows the host theme.
    const primary = await page.locator('[data-test="create-company"]').evaluate((b) => getComputedStyle(b).backgroundColor);
    await page.goto(`${hub.url}/admin/apps`);
    const hostPrimary = await page.locator('[data-test="install-greetings"]').evaluate((b) => getComputedStyle(b).backgroundColor);
    expect(primary).toBe(hostPrimary);
    await page.goBack();
    await page.waitForSelector('[data-test="companies-table"]');
    await accessible('a module view');

    // An empty name: the form says what is wrong, nothing is sent.
    await page.click('[data-test="create-company"]');
    await page.getByText('A company needs a name').waitFor();
    // A bad email: refused in the form too.
    await page.fill('[data-test="new-company"] input[name="name"]', 'Acme Robotics');
    await page.fill('[data-test="new-company"] input[name="email"]', 'not-an-email');
    await page.click('[data-test="create-company"]');
    await page.getByText('This is not an email address').waitFor();
    await shot('03-contacts-validation');
    await page.fill('[data-test="new-company"] input[name="email"]', 'hello@acme.test');
    await page.click('[data-test="create-company"]');
    await page.locator('[data-test="companies-table"] a', { hasText: 'Acme Robotics' }).waitFor();

    // Search goes to the URL; the back button brings the full list back.
    await page.fill('[data-test="contacts-search"] input', 'robot');
    await page.waitForURL(/\/m\/contacts\?q=robot/);
    await page.waitForFunction(() => document.querySelectorAll('[data-test="companies-table"] tbody tr').length === 1);
    expect(await page.locator('[data-test="companies-table"] tbody').textContent()).toContain('Acme Robotics');
    await shot('04-contacts-search');
    await page.locator('[data-test="companies-table"] a', { hasText: 'Acme Robotics' }).click();
    await page.waitForSelector('[data-test="save-company"]');
    await page.goBack();
    await page.waitForURL(/\/m\/contacts\?q=robot/);
    expect(await page.inputValue('[data-test="contacts-search"] input')).toBe('robot');
    // A deep link opens the same page in a new tab.
    const other = await context.newPage();
    await other.goto(`${hub.url}/admin/m/contacts?q=robot`);
    await other.locator('[data-test="companies-table"] a', { hasText: 'Acme Robotics' }).waitFor();
    await other.close();
  });

  it('the superuser creates a role with contacts.read and a user, assigns the role, and creates an API token shown once', async () => {
    await openMenu('Roles');
    await page.click('[data-test="new-role"]');
    await page.fill('input[name="role-name"]', 'contacts reader');
    await page.click('[data-test="create-role"]');
    // The role page groups permissions by the module that declares them.
    await page.waitForSelector('[data-test="perms-contacts"]');
    expect(await page.locator('[data-test="perms-base"]').textContent()).toContain('base.users.read');
    await page.click('[data-test="perm-contacts.read"]');
    await page.click('[data-test="save-role"]');
    await page.getByText('Role saved').waitFor();
    await shot('05-role');

    await openMenu('Users');
    await page.waitForSelector('[data-test="users-table"]');
    await accessible('Users');
    await page.click('[data-test="new-user"]');
    await page.fill('[data-test="new-user-dialog"] input[name="email"]', READER.email);
    await page.fill('[data-test="new-user-dialog"] input[name="password"]', 'short');
    await page.click('[data-test="create-user"]');
    await page.getByText('At least 8 characters').waitFor();
    await page.fill('[data-test="new-user-dialog"] input[name="password"]', READER.password);
    await page.click('[data-test="create-user"]');
    await page.locator(`[data-test="user-${READER.email}"]`).click();
    await page.click('[data-test="role-contacts reader"]');
    await page.click('[data-test="save-roles"]');
    await page.getByText('Roles: contacts reader').waitFor();
    await shot('06-user-roles');
    // Search in the list, then back.
    await page.goBack();
    await page.fill('[data-test="users-search"] input', 'reader@');
    await page.waitForURL(/search=reader/);
    await page.waitForFunction(() => document.querySelectorAll('[data-test="users-table"] tbody tr').length === 1);

    await openMenu('My account');
    await page.fill('input[name="token-name"]', 'ci deploy');
    await page.click('[data-test="create-token"]');
    apiToken = (await page.locator('[data-test="issued-token-value"]').textContent())!.trim();
    expect(apiToken.length).toBeGreaterThan(20);
    await page.locator('[data-test="tokens-table"]', { hasText: 'ci deploy' }).waitFor();
    await shot('07-token-created');
    expect((await call('GET', '/api/v1/contacts/companies', apiToken)).status).toBe(200);
    // Shown once: after a reload the list has it, the secret is gone.
    await page.reload();
    await page.locator('[data-test="tokens-table"]', { hasText: 'ci deploy' }).waitFor();
    expect(await page.locator('[data-test="issued-token-value"]').count()).toBe(0);
    expect(await page.content()).not.toContain(apiToken);
  });

  it('the reader sees Contacts read only, with no lifecycle buttons and no Users page, and cannot create a company', async () => {
    await signOut();
    await signInByKeyboard(READER);
    await page.locator('[data-test="main-menu"] a', { hasText: 'Contacts' }).waitFor();
    const items = await menu();
    expect(items).toContain('My account');
    expect(items).not.toContain('Users');
    expect(items).not.toContain('Roles');
    await page.waitForSelector('[data-test="app-card-contacts"]');
    expect(await page.locator('[data-test^="install-"], [data-test^="uninstall-"], [data-test^="disable-"], [data-test="open-upload"]').count()).toBe(0);
    await shot('08-reader-apps');
    await openMenu('Contacts');
    await page.locator('[data-test="companies-table"] a', { hasText: 'Acme Robotics' }).waitFor();
    expect(await page.locator('[data-test="new-company"]').count()).toBe(0);
    await shot('09-reader-contacts');
    const refused = await call('POST', '/api/v1/contacts/companies', null, { name: 'Sneaky Ltd' });
    expect(refused.status).toBe(403);
    // The Users page typed in the address bar: the server's refusal, not a list.
    await page.goto(`${hub.url}/admin/m/base/users`);
    await page.getByText('Could not load the users').waitFor();
    await shot('10-reader-users-refused');
  });

  it('the superuser revokes the token after a confirmation; the next call with it is 401', async () => {
    await signOut();
    await signIn(ADMIN);
    await openMenu('My account');
    await page.click('[data-test="revoke-ci deploy"]');
    await confirm();
    await page.getByText('Token "ci deploy" revoked').waitFor();
    await shot('11-token-revoked');
    expect((await call('GET', '/api/v1/contacts/companies', apiToken)).status).toBe(401);
  });

  it('the superuser backs up contacts, deletes a company, and restores the backup from the Backups page after its plan', async () => {
    await page.goto(`${hub.url}/admin/modules/contacts`);
    await page.click('[data-test="backup-now"]');
    await page.waitForSelector('[data-test="operation-done"]', { timeout: 90_000 });
    await page.keyboard.press('Escape');
    // A mistake to undo: Acme Robotics deleted (after the confirmation the page asks for).
    await openMenu('Contacts');
    await page.locator('[data-test="companies-table"] a', { hasText: 'Acme Robotics' }).click();
    await page.click('[data-test="delete-company"]');
    await confirm();
    await page.waitForURL(/\/m\/contacts$/);
    await page.waitForSelector('[data-test="companies-table"] tbody tr');
    expect(await page.locator('[data-test="companies-table"]').textContent()).not.toContain('Acme Robotics');

    await openMenu('Backups');
    const row = page.locator('[data-test="backups-table"] tbody tr', { hasText: 'manual' }).filter({ hasText: 'contacts' }).first();
    await row.waitFor();
    expect(await row.textContent()).toContain(ADMIN.email);
    expect(await row.textContent()).toMatch(/contacts\.companies \(\d+\)/);
    await accessible('Backups');
    await shot('12-backups');
    await row.locator('[data-test^="restore-"]').click();
    await page.waitForSelector('[data-test="restore-plan"]');
    expect(await page.textContent('[data-test="restore-dialog"]')).toContain('replaces the rows of');
    expect(await page.isDisabled('[data-test="restore-confirm"]')).toBe(true);
    await page.click('[data-test="restore-understood"]');
    await shot('13-restore-plan');
    await page.click('[data-test="restore-confirm"]');
    await page.waitForSelector('[data-test="restore-dialog"] [data-test="operation-done"]', { timeout: 90_000 });
    await shot('14-restore-done');
    await page.click('[data-test="restore-close"]');
    await openMenu('Contacts');
    await page.locator('[data-test="companies-table"] a', { hasText: 'Acme Robotics' }).waitFor();

    // The restore is on the Operations page, with its plan; the filtered Backups list is a link.
    await openMenu('Operations');
    await page.locator('[data-test="operations-table"] tbody tr', { hasText: 'restore' }).locator('a').first().click();
    await page.waitForSelector('[data-test="operation-plan"]');
    expect(await page.textContent('[data-test="operation-status"]')).toBe('succeeded');
    await page.goBack();
    await page.waitForSelector('[data-test="operations-table"]');
    await page.goto(`${hub.url}/admin/backups?module=contacts`);
    await page.waitForSelector('[data-test="backups-table"]');
    expect(await page.locator('[data-test="backups-table"] tbody tr').count()).toBeGreaterThan(0);
    await page.goto(`${hub.url}/admin/backups?module=nothing_here`);
    await page.waitForSelector('[data-test="backups-empty"]');
  });

  it('a setting changed in the environment shows on the Settings page after a restart, READ_ONLY too', async () => {
    await openMenu('Settings');
    const ttl = page.locator('[data-test="setting-base-sessionTtlHours"] [data-test="setting-value"]');
    expect((await ttl.textContent())?.trim()).toBe('12');
    expect(await page.textContent('[data-test="read-only-contacts"]')).toContain('off');
    await hub.restart({ MODULES__BASE__SESSION_TTL_HOURS: '24', MODULES__CONTACTS__READ_ONLY: '1' });
    await page.reload();
    await page.waitForSelector('[data-test="settings-base"]');
    expect((await ttl.textContent())?.trim()).toBe('24');
    expect(await page.textContent('[data-test="setting-base-sessionTtlHours"]')).toContain('environment');
    expect(await page.textContent('[data-test="read-only-contacts"]')).toContain('on');
    await shot('15-settings-after-restart');
    expect(pageErrors).toEqual([]);
  });
});
