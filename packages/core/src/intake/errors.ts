import { HubError } from '@hub/kit';

/**
 * The intake's error catalog: one stable code per check, its HTTP status and a default hint.
 * 413 for size limits, 409 for conflicts with what is already there, 415 for what is not an
 * archive we read, 400/422 for archives that are malformed or whose package is invalid.
 */
export const INTAKE_ERRORS = {
  HUB_ARCHIVE_FILE_NOT_FOUND: { status: 400, hint: 'Pass the path of an existing .zip or .tgz file.' },
  HUB_ARCHIVE_TOO_LARGE: { status: 413, hint: 'Upload a smaller archive: leave out node_modules, sources and test data (npm pack honours "files").' },
  HUB_ARCHIVE_UNCOMPRESSED_TOO_LARGE: { status: 413, hint: 'Keep the unpacked module under the limit: ship only the built files.' },
  HUB_ARCHIVE_TOO_MANY_ENTRIES: { status: 413, hint: 'Ship fewer files: bundle the build, leave out node_modules and tests.' },
  HUB_ARCHIVE_PACKAGE_JSON_TOO_LARGE: { status: 413, hint: 'Trim package.json (it holds metadata only).' },
  HUB_ARCHIVE_PATH_TRAVERSAL: { status: 400, hint: 'Build the archive from the module folder with a standard tool (npm pack, zip -r); entries may not contain "..".' },
  HUB_ARCHIVE_ABSOLUTE_PATH: { status: 400, hint: 'Use relative paths in the archive (no leading "/", no drive letter such as C:).' },
  HUB_ARCHIVE_PATH_INVALID: { status: 400, hint: 'Rename the file: no control characters, each path segment at most 255 bytes, the whole path at most 1024.' },
  HUB_ARCHIVE_LINK_NOT_ALLOWED: { status: 400, hint: 'Replace symlinks and hard links by the files themselves; archives may hold only regular files and folders.' },
  HUB_ARCHIVE_ENTRY_UNSUPPORTED: { status: 415, hint: 'Re-create the archive without encryption, with deflate or no compression (npm pack or zip -r).' },
  HUB_ARCHIVE_DUPLICATE_ENTRY: { status: 400, hint: 'Re-create the archive so each path appears once.' },
  HUB_ARCHIVE_TOP_FOLDER: { status: 422, hint: 'Zip the module folder itself (zip -r contacts.zip contacts) or use npm pack, so the archive has exactly one top-level folder.' },
  HUB_ARCHIVE_PACKAGE_JSON_MISSING: { status: 422, hint: 'Put package.json directly inside the top-level folder.' },
  HUB_ARCHIVE_PACKAGE_JSON_INVALID: { status: 422, hint: 'Fix package.json: it must be a JSON object with a valid "name", and "exports"/"main" inside the package.' },
  HUB_ARCHIVE_ENTRY_MISSING: { status: 422, hint: 'Build the module before packing it, and check "exports"/"main" in package.json (and "files" when using npm pack).' },
  HUB_ARCHIVE_MODULE_NAME_INVALID: { status: 422, hint: 'Set package.json "hub": { "module": "<name>" } with a name matching ^[a-z][a-z0-9_]*$ that is not reserved.' },
  HUB_ARCHIVE_MODULE_NAME_MISMATCH: { status: 422, hint: 'Name the zip\'s top-level folder exactly as package.json "hub.module" (or use npm pack).' },
  HUB_ARCHIVE_VERSION_INVALID: { status: 422, hint: 'Set package.json "version" to a semantic version such as 1.2.3.' },
  HUB_ARCHIVE_NOT_AN_ARCHIVE: { status: 415, hint: 'Upload a .zip or a .tgz made by npm pack / pnpm pack (the file is judged by its bytes, not its name).' },
  HUB_ARCHIVE_CORRUPT: { status: 400, hint: 'The file is truncated or damaged: create the archive again and re-upload it.' },
  HUB_ARCHIVE_DOWNGRADE: { status: 409, hint: 'Upload a version at least as new as the installed one, or uninstall the module first.' },
  HUB_ARCHIVE_EXISTS: { status: 409, hint: 'Pass replace=true (CLI: --replace) to replace the module folder.' },
  HUB_INTAKE_FAILED: { status: 500, hint: 'Check free disk space and permissions of the addons and temporary folders.' },
} as const satisfies Record<string, { status: number; hint: string }>;

export type IntakeErrorCode = keyof typeof INTAKE_ERRORS;

/** Builds the HubError for `code`, with the catalog's status and hint unless one is given. */
export function intakeError(code: IntakeErrorCode, message: string, extra: { hint?: string; module?: string; details?: unknown; cause?: unknown } = {}): HubError {
  const { status, hint } = INTAKE_ERRORS[code];
  return new HubError(code, message, { status, hint: extra.hint ?? hint, module: extra.module, details: extra.details, cause: extra.cause });
}
