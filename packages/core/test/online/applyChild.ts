// A hub in a process of its own (so a test can kill -9 it): upgrades ledger and prints every
// progress message on stdout. Settings come from the environment the test passes.
import { createHub } from '../../src/hub/createHub.js';
import { fixtures, quietLogger } from '../helpers.js';

const hub = await createHub({
  hostDir: process.env.HUB_TEST_HOST!, dataDir: process.env.HUB_TEST_DATA!, databaseUrl: process.env.HUB_TEST_URL!,
  addonsPaths: [fixtures('ledger-v2')], logger: quietLogger, env: {}, onlineRows: 1000,
});
await hub.apply({ action: 'upgrade', modules: ['ledger'] }, { onProgress: (e) => process.stdout.write(`${e.message}\n`) });
process.stdout.write('applied\n');
await hub.close();
