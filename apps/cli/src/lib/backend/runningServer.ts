// A hub server that holds the embedded database writes <dataDir>/server.json { pid, url } while
// it runs. This reads it and tells whether that process is still alive.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface RunningServer { pid: number; url: string }

export function isAlive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch (err) { return (err as NodeJS.ErrnoException).code === 'EPERM'; }
}

export function runningServer(dataDir: string): RunningServer | undefined {
  let info: Partial<RunningServer>;
  try { info = JSON.parse(readFileSync(join(dataDir, 'server.json'), 'utf8')); } catch { return undefined; }
  if (typeof info.pid !== 'number' || typeof info.url !== 'string') return undefined;
  if (info.pid === process.pid || !isAlive(info.pid)) return undefined;
  return { pid: info.pid, url: info.url };
}
