import type { ModuleInfo, Plan } from '../../src/api/types';

export function mod(name: string, over: Partial<ModuleInfo> = {}): ModuleInfo {
  return {
    name, packageName: `@hub/module-${name}`, version: '1.0.0', summary: `${name} summary`, category: 'Tools',
    application: false, autoInstall: false, depends: [], entry: `/x/${name}/index.js`, dir: `/x/${name}`, source: 'dependency',
    state: 'available', enabled: false, upgradable: false, dependents: [], ...over,
  };
}

export const samplePlan: Plan = {
  action: 'install',
  request: { action: 'install', modules: ['sales'] },
  modules: [
    { name: 'contacts', action: 'install', reason: 'dependency', toVersion: '1.0.0', statements: [{ sql: 'CREATE SCHEMA "contacts";' }, { sql: 'CREATE TABLE "contacts"."people" ("id" serial PRIMARY KEY);' }], dataLoss: [], hooks: [], dataFiles: [], backupTables: [] },
    { name: 'sales', action: 'install', reason: 'requested', toVersion: '1.0.0', statements: [{ sql: 'ALTER TABLE "sales"."orders" DROP COLUMN "legacy";', dataLoss: 'drops column "sales"."orders"."legacy"' }], dataLoss: ['drops column "sales"."orders"."legacy"'], hooks: ['postInit'], dataFiles: ['data/init.json'], backupTables: ['sales.orders'] },
  ],
  warnings: [],
  hash: 'abc123hash',
  text: '',
};
