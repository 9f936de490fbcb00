// The __name__ module's manifest. The host reads name, version and dependencies from
// package.json without running this file; it imports it to install, upgrade and mount.
import { defineModule } from '@hub/kit';
import { __name__Routes } from './routes.js';
import * as schema from './schema.js';

export default defineModule({
  name: '__name__',
  summary: '__Title__',
  description: '__Title__: items with a name, a note and a quantity.',
  category: 'Custom',
  schema,
  routes: __name__Routes,
  data: ['data/init.json'],
  permissions: ['__name__.read', '__name__.write'],
  menus: [{ name: '__Title__', path: '/', icon: 'box', sequence: 100, permission: '__name__.read' }],
  admin: './dist/admin/index.js',
});

export * from './schema.js';
