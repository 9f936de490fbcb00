// Every error code the platform answers or reports: the host API (kit, core, server, the base
// module), the CLI and this client. One list, so that clients switch on a typed union. Modules
// may raise their own codes on their own routes; those are not listed here.
// The catalog (status, why, fix) is @hub/kit's errorCatalog.ts; this package keeps only the codes
// (it depends on zod alone, for browsers), generated from it before every build.
import { CATALOG_CODES } from './errorCodes.generated.js';

export const ERROR_CODES = CATALOG_CODES;

export type ErrorCode = (typeof ERROR_CODES)[number];

const known: ReadonlySet<string> = new Set(ERROR_CODES);

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && known.has(value);
}
