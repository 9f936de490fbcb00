// vitest globalSetup: one PostgreSQL server per test run, its admin URL given to tests
// through `inject('pgAdminUrl')` and the HUB_TEST_PG_URL environment variable.
import { startPostgres } from './postgres.mjs';

export default async function setup(project) {
  if (process.env.HUB_TEST_PG_URL) {
    project.provide('pgAdminUrl', process.env.HUB_TEST_PG_URL);
    return;
  }
  const pg = await startPostgres();
  process.env.HUB_TEST_PG_URL = pg.url;
  project.provide('pgAdminUrl', pg.url);
  return async () => pg.stop();
}
