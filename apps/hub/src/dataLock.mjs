// An embedded (PGlite) data folder must never be opened by two processes: <dataDir>/data.lock
// holds the pid of the process that has it. A lock left by a dead process is taken over.
import { mkdirSync, openSync, readFileSync, rmSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';

function alive(pid) {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

/** Takes the lock or throws an Error with a clear message; returns release(). */
export function lockDataDir(dataDir) {
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
      if (err.code !== 'EEXIST') throw err;
      let holder = NaN;
      try { holder = Number(readFileSync(file, 'utf8').trim()); } catch { /* removed meanwhile */ }
      if (alive(holder) && holder !== process.pid) {
        const e = new Error(`The embedded database in ${dataDir} is in use by process ${holder}. ` +
          'Stop that hub (or the CLI command using it) first, or set HUB_DATA_DIR to another folder, or use DATABASE_URL.');
        e.code = 'HUB_DATA_DIR_LOCKED';
        throw e;
      }
      rmSync(file, { force: true }); // stale: its process is gone
    }
  }
  throw new Error(`Could not take the lock ${file}`);
}
