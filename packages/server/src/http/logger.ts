import { pino, type Logger, type LoggerOptions } from 'pino';
import type { ModuleLogger } from '@hub/kit';

/** The server's pino logger: `info` by default (HUB_LOG_LEVEL), silent under vitest. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? process.env.HUB_LOG_LEVEL ?? (process.env.VITEST ? 'silent' : 'info');
  return pino({ name: 'hub', redact: ['req.headers.authorization', 'req.headers.cookie', 'password', '*.password'], ...options, level });
}

/** Adapts pino to the kit's ModuleLogger (message first, then extra values). */
export function moduleLogger(logger: Logger): ModuleLogger {
  const at = (level: 'debug' | 'info' | 'warn' | 'error') => (msg: string, ...args: unknown[]) => {
    if (args.length === 0) logger[level](msg);
    else if (args.length === 1 && typeof args[0] === 'object' && args[0] !== null && !(args[0] instanceof Error)) logger[level](args[0] as object, msg);
    else logger[level]({ args }, msg);
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
