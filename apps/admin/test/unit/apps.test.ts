import { afterEach, describe, expect, it } from 'vitest';
import { mountAdmin } from '../helpers/mountAdmin';
import { refusal, until, type Fixtures } from '../helpers/fakeHub';
import { detail, mod, mounted, user } from '../helpers/fixtures';
import { filterModules } from '../../src/filterModules';

const list = [
  mounted('base', { category: 'Hidden', summary: 'Users and permissions' }),
  mounted('contacts', { application: true, category: 'Sales', summary: 'People and companies' }),
  mod('sales', { application: true, category: 'Sales', summary: 'Quotations and orders' }),
  mod('notes', { category: 'Productivity', summary: 'Sticky notes', state: 'uninstalled' }),
];
const routes: Fixtures = {
  me: () => ({ body: { user: user(), tokenId: 1 } }),
  listModules: () => ({ body: { items: list } }),
  getModule: (c) => ({ body: detail(list.find((m) => m.name === c.params.name)!) }),
};

let cleanup: (() => void) | undefined;
afterEach(() => { cleanup?.(); cleanup = undefined; });
const cards = (el: HTMLElement) => [...el.querySelectorAll('[data-test^="app-card-"]')].map((c) => c.getAttribute('data-test')!.replace('app-card-', ''));

describe('Apps page', () => {
  it('filterModules: installed only, applications only, category, search', () => {
    expect(filterModules(list, { installedOnly: true }).map((m) => m.name)).toEqual(['contacts', 'base']);
    expect(filterModules(list, { applicationOnly: true }).map((m) => m.name)).toEqual(['contacts', 'sales']);
    expect(filterModules(list, { category: 'Sales', installedOnly: true }).map((m) => m.name)).toEqual(['contacts']);
    expect(filterModules(list, { search: 'STICKY' }).map((m) => m.name)).toEqual(['notes']);
    expect(filterModules(list, { search: 'module-sal' }).map((m) => m.name)).toEqual(['sales']);
  });

  it('lists every module with its state and application badge; the switches and search filter the cards', async () => {
    const a = await mountAdmin(routes, { token: 'tk' });
    cleanup = a.unmount;
    await until(() => cards(a.el).length === 4);
    expect(cards(a.el)).toEqual(['contacts', 'sales', 'base', 'notes']);
    const contacts = a.el.querySelector('[data-test="app-card-contacts"]')!;
    expect(contacts.textContent).toContain('People and companies');
    expect(contacts.textContent).toContain('v1.0.0');
    expect(contacts.textContent).toContain('Sales');
    expect(contacts.querySelector('[data-test="app-badge"]')?.textContent).toBe('App');
    expect(contacts.querySelector('[data-test="app-state"]')?.textContent).toContain('installed');
    // Buttons follow the state: installed → Uninstall/Disable, available → Install; base can't be uninstalled.
    expect(a.el.querySelector('[data-test="uninstall-contacts"]')).not.toBeNull();
    expect(a.el.querySelector('[data-test="install-sales"]')).not.toBeNull();
    expect(a.el.querySelector('[data-test="uninstall-base"]')).toBeNull();

    (a.el.querySelector('[data-test="installed-only"]') as HTMLElement).click();
    await until(() => cards(a.el).length === 2);
    expect(cards(a.el)).toEqual(['contacts', 'base']);
    (a.el.querySelector('[data-test="installed-only"]') as HTMLElement).click();
    (a.el.querySelector('[data-test="applications-only"]') as HTMLElement).click();
    await until(() => cards(a.el).length === 2 && cards(a.el)[1] === 'sales');
    expect(cards(a.el)).toEqual(['contacts', 'sales']);
    (a.el.querySelector('[data-test="applications-only"]') as HTMLElement).click();

    const search = a.el.querySelector('[data-test="search"] input') as HTMLInputElement;
    search.value = 'notes';
    search.dispatchEvent(new Event('input'));
    await until(() => cards(a.el).length === 1);
    expect(cards(a.el)).toEqual(['notes']);
    search.value = 'nothing-like-this';
    search.dispatchEvent(new Event('input'));
    await until(() => !!a.el.querySelector('[data-test="apps-empty"]'));
  });

  it('a user who is not a superuser sees the modules but no lifecycle or upload buttons', async () => {
    const a = await mountAdmin({
      ...routes,
      me: () => ({ body: { user: user({ id: 2, email: 'reader@example.com', isSuperuser: false, permissions: ['contacts.read'] }), tokenId: 7 } }),
    }, { token: 'tk' });
    cleanup = a.unmount;
    await until(() => cards(a.el).length === 4 && !!a.el.querySelector('[data-test="user-email"]')?.textContent);
    expect(a.el.querySelector('[data-test="install-sales"]')).toBeNull();
    expect(a.el.querySelector('[data-test="uninstall-contacts"]')).toBeNull();
    expect(a.el.querySelector('[data-test="disable-contacts"]')).toBeNull();
    expect(a.el.querySelector('[data-test="open-upload"]')).toBeNull();
  });

  it('shows the error with its hint when the list cannot be loaded, and retries', async () => {
    let fail = true;
    const a = await mountAdmin({
      ...routes,
      listModules: () => (fail ? refusal(500, 'HUB_INTERNAL', 'Database unavailable', { hint: 'Start PostgreSQL' }) : { body: { items: list } }),
    }, { token: 'tk' });
    cleanup = a.unmount;
    await until(() => !!a.el.querySelector('[data-test="error-panel"]'));
    expect(a.el.querySelector('[data-test="error-hint"]')?.textContent).toContain('Start PostgreSQL');
    fail = false;
    [...a.el.querySelectorAll('[data-test="error-panel"] button')].find((b) => b.textContent?.includes('Retry'))!.dispatchEvent(new MouseEvent('click'));
    await until(() => cards(a.el).length === 4);
  });
});
