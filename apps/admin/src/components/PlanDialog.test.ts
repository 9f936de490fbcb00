import { afterEach, describe, expect, it } from 'vitest';
import { mount, type VueWrapper } from '@vue/test-utils';
import { NAlert } from 'naive-ui';
import PlanDialog from './PlanDialog.vue';
import { createServices, ServicesKey } from '../services';
import { fakeHub, memoryStorage, refusal, until, type Fixtures } from '../../test/helpers/fakeHub';
import { eventStream, operation, samplePlan } from '../../test/helpers/fixtures';
import type { Plan, PlannedStatement } from '../api/types';

const body = () => document.body;
const q = (sel: string) => body().querySelector(sel) as HTMLElement | null;
const qa = (sel: string) => [...body().querySelectorAll(sel)] as HTMLElement[];
let wrapper: VueWrapper | undefined;
afterEach(() => { wrapper?.unmount(); wrapper = undefined; document.body.innerHTML = ''; });

function setup(routes: Fixtures, props: Record<string, unknown>) {
  const fake = fakeHub(routes);
  const services = createServices({ fetch: fake.fetch, storage: memoryStorage({ 'hub.token': 'tk' }) });
  wrapper = mount(PlanDialog, { props: { show: true, ...props } as { show: boolean; module: string; action: 'install' | 'upgrade' | 'uninstall' }, attachTo: body(), global: { provide: { [ServicesKey as symbol]: services } } });
  return fake;
}

describe('PlanDialog', () => {
  it('shows the lock, estimated rows and lint warnings of a statement on an existing table', async () => {
    // As the server sends it for an index added to a big table (see core's lint test).
    const statement: PlannedStatement = {
      sql: 'CREATE INDEX "entries_account_idx" ON "ledger"."entries" USING btree ("account");', table: 'ledger.entries', lock: 'SHARE', work: 'index build', rows: 2000000,
      lint: [{ rule: 'require-concurrent-index-creation', message: 'builds index "entries_account_idx" while blocking writes to ledger.entries for the whole build', safe: 'CREATE INDEX CONCURRENTLY outside the transaction' }],
    };
    const plan: Plan = { ...samplePlan, action: 'upgrade', modules: [{ ...samplePlan.modules[1]!, name: 'ledger', action: 'upgrade', dataLoss: [], statements: [statement] }] };
    setup({ plan: () => ({ body: plan }) }, { module: 'ledger', action: 'upgrade' });
    await until(() => !!q('[data-test="plan"]'));
    expect(q('[data-test="lock"]')?.textContent).toBe('SHARE on ledger.entries (~2000000 rows), index build');
    expect(q('[data-test="lint"]')?.textContent).toContain('require-concurrent-index-creation');
    expect(q('[data-test="lint"]')?.textContent).toContain('Safe: CREATE INDEX CONCURRENTLY');
  });

  it('says whether an upgrade is compatible, and why not when breaking', async () => {
    const breaking = { compatible: false, breaking: [{ sql: 'ALTER TABLE "ledger"."entries" DROP COLUMN "memo";', reason: 'drops a column older code uses' }] };
    const plan: Plan = {
      ...samplePlan, action: 'upgrade', compatible: false,
      modules: [
        { ...samplePlan.modules[1]!, name: 'ledger', action: 'upgrade', fromVersion: '1.0.0', toVersion: '2.0.0', dataLoss: [], statements: [{ sql: breaking.breaking[0]!.sql }], compatibility: breaking },
        { ...samplePlan.modules[1]!, name: 'notes', action: 'upgrade', fromVersion: '1.0.0', toVersion: '1.1.0', dataLoss: [], statements: [{ sql: 'ALTER TABLE "notes"."notes" ADD COLUMN "tag" text;' }], compatibility: { compatible: true, breaking: [] } },
      ],
    };
    setup({ plan: () => ({ body: plan }) }, { module: 'ledger', action: 'upgrade' });
    await until(() => !!q('[data-test="plan"]'));
    expect(q('[data-test="compat-ledger"]')?.textContent).toContain('Breaking: instances still running 1.0.0 code stop serving ledger (503 HUB_MODULE_VERSION_SKEW) until they run 2.0.0');
    expect(q('[data-test="compat-ledger"]')?.textContent).toContain('drops a column older code uses');
    expect(q('[data-test="compat-notes"]')?.textContent).toContain('Compatible: additive only, instances still running 1.0.0 code keep serving');
  });

  it('shows modules added by dependencies, SQL per module and data-loss warnings in red; sends the plan hash', async () => {
    const fake = setup({
      plan: () => ({ body: samplePlan }),
      install: () => ({ status: 202, body: { operationId: 'op9', status: 'running', links: operation('op9').links } }),
      operationEvents: () => ({ body: eventStream(operation('op9'), [{ phase: 'done', message: 'Installed sales' }]) }),
    }, { module: 'sales', action: 'install' });

    await until(() => !!q('[data-test="plan"]'));
    expect(fake.calls[0].query.get('action')).toBe('install');
    // SQL of both modules, in order.
    const sql = qa('[data-test="sql"]').map((e) => e.textContent);
    expect(sql).toEqual([
      'CREATE SCHEMA "contacts";',
      'CREATE TABLE "contacts"."people" ("id" serial PRIMARY KEY);',
      'ALTER TABLE "sales"."orders" DROP COLUMN "legacy";',
    ]);
    // contacts was added as a dependency, and says so.
    expect(q('[data-test="reason-contacts"]')?.textContent).toContain('dependency');
    expect(q('[data-test="reason-sales"]')?.textContent).toContain('requested');
    // Data loss is spelled out in an error (red) alert and the lossy statement is marked.
    const loss = q('[data-test="data-loss"]')!;
    expect(loss.textContent).toContain('drops column "sales"."orders"."legacy"');
    const alert = wrapper!.findAllComponents(NAlert).find((a) => a.text().includes('Data will be lost'))!;
    expect(alert.props('type')).toBe('error');
    expect(loss.className).toContain('data-loss'); // styled red (#d03050)
    expect(qa('pre.sql.lossy')).toHaveLength(1);

    // Confirmation is needed for data loss.
    const confirm = () => q('[data-test="plan-confirm"]') as HTMLButtonElement;
    expect(confirm().disabled).toBe(true);
    (q('[data-test="accept-data-loss"]') as HTMLElement).click();
    await until(() => !confirm().disabled);
    expect(confirm().textContent).toContain('Install 2 modules');
    confirm().click();

    await until(() => !!q('[data-test="operation-done"]'));
    const post = fake.calls.find((c) => c.method === 'POST')!;
    expect(post.path).toBe('/api/v1/modules/install/sales');
    expect(post.body).toEqual({ async: true, plan_hash: samplePlan.hash, accept_data_loss: true });
    expect(post.headers.authorization).toBe('Bearer tk');
    expect(wrapper!.emitted('done')).toHaveLength(1);
  });

  it('uninstall offers drop tables / cascade / backup and replans with them', async () => {
    const fake = setup({
      plan: (c) => ({ body: { ...samplePlan, action: 'uninstall', hash: `hash-of-${c.query.get('drop_tables') ?? 'keep'}-tables`, modules: [{ ...samplePlan.modules[0]!, action: 'uninstall', reason: 'requested', statements: c.query.get('drop_tables') ? [{ sql: 'DROP TABLE "contacts"."people";', dataLoss: 'drops table contacts.people' }] : [], dataLoss: c.query.get('drop_tables') ? ['drops table contacts.people'] : [] }] } }),
      uninstall: () => ({ body: { operationId: 'opu', operation: operation('opu', { action: 'uninstall', modules: ['contacts'] }) } }),
    }, { module: 'contacts', action: 'uninstall' });
    await until(() => !!q('[data-test="plan"]'));
    expect(q('[data-test="uninstall-options"]')?.textContent).toMatch(/Drop its tables.*depend on it.*Back up/s);
    expect(q('[data-test="data-loss"]')).toBeNull();
    (q('[data-test="opt-drop-tables"]') as HTMLElement).click();
    await until(() => !!q('[data-test="data-loss"]'));
    expect(fake.calls.at(-1)!.query.get('drop_tables')).toBe('true');
    (q('[data-test="accept-data-loss"]') as HTMLElement).click();
    await until(() => !(q('[data-test="plan-confirm"]') as HTMLButtonElement).disabled);
    (q('[data-test="plan-confirm"]') as HTMLElement).click();
    await until(() => !!q('[data-test="operation-done"]'));
    const post = fake.calls.find((c) => c.method === 'POST')!;
    expect(post.body).toMatchObject({ plan_hash: 'hash-of-true-tables', drop_tables: true, backup: true });
  });

  it('a refused plan shows the server error with its hint', async () => {
    setup({ plan: () => refusal(409, 'HUB_DEPENDENCY_MISSING', 'Module "x" depends on "ghost", which is not installed or available', { hint: 'Add @hub/module-ghost to the host' }) }, { module: 'x', action: 'install' });
    await until(() => !!q('[data-test="error-panel"]'));
    expect(q('[data-test="error-message"]')?.textContent).toContain('depends on "ghost"');
    expect(q('[data-test="error-hint"]')?.textContent).toContain('Add @hub/module-ghost');
    expect((q('[data-test="plan-confirm"]') as HTMLButtonElement).disabled).toBe(true);
  });
});
