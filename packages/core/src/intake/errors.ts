import { HubError, errorCatalogEntry, type HubErrorCode } from '@hub/kit';

/** The codes archive intake raises; their status and default hint are in @hub/kit's error catalog. */
const CODES = [
  'HUB_ARCHIVE_FILE_NOT_FOUND',
  'HUB_ARCHIVE_TOO_LARGE',
  'HUB_ARCHIVE_UNCOMPRESSED_TOO_LARGE',
  'HUB_ARCHIVE_TOO_MANY_ENTRIES',
  'HUB_ARCHIVE_PACKAGE_JSON_TOO_LARGE',
  'HUB_ARCHIVE_PATH_TRAVERSAL',
  'HUB_ARCHIVE_ABSOLUTE_PATH',
  'HUB_ARCHIVE_PATH_INVALID',
  'HUB_ARCHIVE_LINK_NOT_ALLOWED',
  'HUB_ARCHIVE_ENTRY_UNSUPPORTED',
  'HUB_ARCHIVE_DUPLICATE_ENTRY',
  'HUB_ARCHIVE_TOP_FOLDER',
  'HUB_ARCHIVE_PACKAGE_JSON_MISSING',
  'HUB_ARCHIVE_PACKAGE_JSON_INVALID',
  'HUB_ARCHIVE_ENTRY_MISSING',
  'HUB_ARCHIVE_MODULE_NAME_INVALID',
  'HUB_ARCHIVE_MODULE_NAME_MISMATCH',
  'HUB_ARCHIVE_VERSION_INVALID',
  'HUB_ARCHIVE_NOT_AN_ARCHIVE',
  'HUB_ARCHIVE_CORRUPT',
  'HUB_ARCHIVE_DOWNGRADE',
  'HUB_ARCHIVE_EXISTS',
  'HUB_INTAKE_FAILED',
] as const satisfies readonly HubErrorCode[];

export type IntakeErrorCode = (typeof CODES)[number];

/**
 * The intake's part of the error catalog: 413 for size limits, 409 for conflicts with what is
 * already there, 415 for what is not an archive we read, 400/422 for archives that are malformed
 * or whose package is invalid.
 */
export const INTAKE_ERRORS = Object.fromEntries(CODES.map((code) => {
  const entry = errorCatalogEntry(code)!;
  return [code, { status: entry.status, hint: entry.fix }];
})) as Record<IntakeErrorCode, { status: number; hint: string }>;

/** Builds the HubError for `code`, with the catalog's status and hint unless one is given. */
export function intakeError(code: IntakeErrorCode, message: string, extra: { hint?: string; module?: string; details?: unknown; cause?: unknown } = {}): HubError {
  return new HubError(code, message, { hint: extra.hint, module: extra.module, details: extra.details, cause: extra.cause });
}
