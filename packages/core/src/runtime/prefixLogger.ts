import type { ModuleLogger } from '@hub/kit';

/** A logger that prefixes every message with "[<module>]". */
export function prefixLogger(logger: ModuleLogger, name: string): ModuleLogger {
  const p = `[${name}]`;
  return {
    debug: (msg, ...args) => logger.debug(`${p} ${msg}`, ...args),
    info: (msg, ...args) => logger.info(`${p} ${msg}`, ...args),
    warn: (msg, ...args) => logger.warn(`${p} ${msg}`, ...args),
    error: (msg, ...args) => logger.error(`${p} ${msg}`, ...args),
  };
}

/** Default host logger: console, debug only when HUB_DEBUG is set. */
export function consoleLogger(env: Record<string, string | undefined> = process.env): ModuleLogger {
  return {
    debug: (msg, ...args) => { if (env.HUB_DEBUG) console.debug(msg, ...args); },
    info: (msg, ...args) => console.info(msg, ...args),
    warn: (msg, ...args) => console.warn(msg, ...args),
    error: (msg, ...args) => console.error(msg, ...args),
  };
}
