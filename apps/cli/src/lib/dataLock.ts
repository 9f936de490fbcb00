// An embedded (PGlite) data folder is never opened by two processes: <dataDir>/data.lock holds
// the pid of the process that has it (the same protocol as apps/hub). A lock left by a dead
// process is taken over.
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { HubError } from '@hub/kit/errors';
import { isAlive } from './backend/runningServer.js';

/** Takes the lock or throws HUB_DATA_DIR_LOCKED; returns release(). */
export function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'data.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        try { if (Number(readFileSync(file, 'utf8').trim()) === process.pid) rmSync(file, { force: true }); } catch { /* gone */ }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      let holder = NaN;
      try { holder = Number(readFileSync(file, 'utf8').trim()); } catch { /* removed meanwhile */ }
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isAlive(holder)) {
        throw new HubError('HUB_DATA_DIR_LOCKED', `the embedded database in ${dataDir} is in use by process ${holder}`, {
          hint: 'wait for that hub command to finish or stop that server, or use another HUB_DATA_DIR, or DATABASE_URL',
        });
      }
      rmSync(file, { force: true });
    }
  }
  throw new HubError('HUB_DATA_DIR_LOCKED', `could not take the lock ${file}`, { hint: 'remove it if no hub process runs' });
}
