import { createMemoryHistory } from 'vue-router';
import { createAdmin } from '../../src/createAdmin';
import { fakeHub, memoryStorage, type Fixtures } from './fakeHub';
import type { Importer } from '../../src/runtime/moduleRuntime';

/** The whole admin app on a fake hub answering with contract-checked fixtures, mounted in happy-dom. */
export async function mountAdmin(fixtures: Fixtures, opts: { token?: string; path?: string; importer?: Importer } = {}) {
  const fake = fakeHub(fixtures);
  const storage = memoryStorage(opts.token ? { 'hub.token': opts.token } : {});
  const history = createMemoryHistory();
  const admin = createAdmin({ history, fetch: fake.fetch, storage, importer: opts.importer });
  const el = document.createElement('div');
  document.body.appendChild(el);
  await admin.router.push(opts.path ?? '/apps');
  await admin.router.isReady();
  admin.app.mount(el);
  return { ...admin, ...fake, storage, el, unmount: () => { admin.app.unmount(); el.remove(); document.body.innerHTML = ''; } };
}
